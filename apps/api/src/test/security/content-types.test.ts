import { describe, expect, it } from '@jest/globals';
import { countRows, schoolWithAdmin } from '../factories.js';
import { appForFile } from '../per-file.js';

// The JSON API reads JSON bodies only: any other media type is 415 unsupported_media_type, and
// text/plain is no exception (found by an outside test: Fastify's default text/plain parser
// handed the routes a string, answered 400 validation_failed "heeft het verkeerde type").

const t = appForFile();

const LOGIN = JSON.stringify({ username: 'ilias.peeters', password: 'Geheim-Wachtwoord-7' });
const ADMIN_LOGIN = JSON.stringify({ email: 'nobody@school.test', password: 'Geheim-7' });

const NOT_JSON = ['text/plain', 'text/plain; charset=utf-8', 'application/xml'];

describe('a body that is not JSON on a JSON route', () => {
  it.each(NOT_JSON)('POST /api/v1/portal/login as %s: 415 problem+json', async (type) => {
    const res = await t
      .request()
      .post('/api/v1/portal/login')
      .set('content-type', type)
      .send(LOGIN);
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.code).toBe('unsupported_media_type');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it.each(NOT_JSON)('POST /api/v1/auth/login as %s: 415 problem+json', async (type) => {
    const res = await t
      .request()
      .post('/api/v1/auth/login')
      .set('content-type', type)
      .send(ADMIN_LOGIN);
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('unsupported_media_type');
  });

  it('an empty text/plain body: 415 too', async () => {
    const res = await t
      .request()
      .post('/api/v1/portal/login')
      .set('content-type', 'text/plain')
      .send('');
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('unsupported_media_type');
  });

  it('text/plain to a signed-in route: the 415 that XML gets, and nothing written', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    const student = JSON.stringify({ stamnummer: '10001', firstName: 'Emma', lastName: 'Peeters' });
    const before = await countRows(t, 'students');
    const answers = [];
    for (const type of NOT_JSON) {
      const res = await agent
        .post(`/api/v1/institutions/${iid}/students`)
        .set('content-type', type)
        .send(student);
      answers.push({ type, status: res.status, code: res.body.code, detail: res.body.detail });
    }
    const xml = answers.at(-1)!;
    expect(answers).toEqual(NOT_JSON.map((type) => ({ ...xml, type })));
    expect(xml.status).toBe(415);
    expect(await countRows(t, 'students')).toBe(before);
  });

  it('the same body as application/json is read', async () => {
    const res = await t
      .request()
      .post('/api/v1/portal/login')
      .set('content-type', 'application/json')
      .send(LOGIN);
    expect(res.status).toBe(401);
    expect(res.body.code).not.toBe('unsupported_media_type');
  });
});

describe('JSON in another character set than UTF-8', () => {
  const student = { stamnummer: '10002', firstName: 'Zoë', lastName: 'Maes' };

  it.each([
    'application/json; charset=utf-16',
    'application/json;charset="ISO-8859-1"',
    'application/json; charset=',
  ])('%s: 415 with what to send instead, and nothing written', async (type) => {
    const { iid, agent } = await schoolWithAdmin(t);
    const before = await countRows(t, 'students');
    const res = await agent
      .post(`/api/v1/institutions/${iid}/students`)
      .set('content-type', type)
      .set('accept-language', 'en')
      .send(JSON.stringify(student));
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.body.code).toBe('unsupported_media_type');
    expect(res.body.detail).toMatch(/UTF-8/);
    expect(await countRows(t, 'students')).toBe(before);
  });

  it.each([
    'application/json; charset=utf-8',
    'application/json; charset=UTF8',
    'application/json',
  ])('%s is read as UTF-8', async (type) => {
    const { iid, agent } = await schoolWithAdmin(t);
    const res = await agent
      .post(`/api/v1/institutions/${iid}/students`)
      .set('content-type', type)
      .send(JSON.stringify(student));
    expect(res.status).toBe(201);
    expect(res.body.firstName).toBe('Zoë');
  });

  it('bytes that are not UTF-8 (Latin-1 sent without a charset): 400, nothing written', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    const before = await countRows(t, 'students');
    const latin1 = Buffer.concat([
      Buffer.from('{"stamnummer":"10003","firstName":"Jos', 'utf8'),
      Buffer.of(0xe9),
      Buffer.from('","lastName":"Maes"}', 'utf8'),
    ]);
    const key = await agent
      .post(`/api/v1/institutions/${iid}/api-keys`)
      .send({ name: 'Sync', scope: 'read-write' });
    for (const type of ['application/json', 'application/json; charset=utf-8']) {
      // Fastify's inject sends the bytes as they are (supertest would serialize a Buffer).
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/institutions/${iid}/students`,
        headers: {
          authorization: `Bearer ${key.body.token}`,
          'content-type': type,
          'accept-language': 'en',
        },
        payload: latin1,
      });
      const body = res.json<{ code: string; detail: string }>();
      expect([type, res.statusCode, body.code]).toEqual([type, 400, 'malformed_body']);
      expect(body.detail).toMatch(/UTF-8/);
    }
    expect(await countRows(t, 'students')).toBe(before);
  });

  it('a prototype-poisoning body is still refused by the JSON parser', async () => {
    const res = await t
      .request()
      .post('/api/v1/portal/login')
      .set('content-type', 'application/json')
      .send('{"username":"a.b","password":"x","__proto__":{"admin":true}}');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('malformed_body');
  });
});
