import { describe, expect, it } from '@jest/globals';
import { importsWorld, snapshot } from '../../test/imports-support.js';

// A broken multipart envelope is the client's mistake: 400 problem+json, nothing written.

const { t, school, agent } = importsWorld();

const CSV = 'stamnummer;voornaam;naam;klas\r\n10001;Emma;Peeters;1A\r\n';
const part = (boundary: string) =>
  `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="l.csv"\r\n` +
  `Content-Type: text/csv\r\n\r\n${CSV}\r\n`;

const cases: Array<[string, string, string]> = [
  ['no boundary', 'multipart/form-data', `${part('abc')}--abc--\r\n`],
  ['an empty boundary', 'multipart/form-data; boundary=', `${part('abc')}--abc--\r\n`],
  ['a wrong boundary', 'multipart/form-data; boundary=xyz', `${part('abc')}--abc--\r\n`],
  ['no closing boundary', 'multipart/form-data; boundary=abc', part('abc')],
  [
    'a body cut inside the part headers',
    'multipart/form-data; boundary=abc',
    '--abc\r\nContent-Disp',
  ],
  [
    'garbage right after the first boundary',
    'multipart/form-data; boundary=abc',
    `--abc\u0000\u00ff garbage\r\n${part('abc').slice(7)}--abc--\r\n`,
  ],
  [
    'garbage instead of a body',
    'multipart/form-data; boundary=abc',
    '\u0000\u0001\u0002 not multipart at all',
  ],
  [
    'a part without Content-Disposition',
    'multipart/form-data; boundary=abc',
    '--abc\r\nContent-Type: text/csv\r\n\r\nx\r\n--abc--\r\n',
  ],
];

describe('POST /api/v1/institutions/:school.iid/imports with a malformed multipart body', () => {
  it.each(cases)('answers 400 problem+json for %s', async (_name, contentType, body) => {
    const before = await snapshot(t.db, school.iid);
    const res = await agent
      .post(`/api/v1/institutions/${school.iid}/imports`)
      .set('content-type', contentType)
      .send(Buffer.from(body, 'latin1'));
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: 400,
      code: expect.stringMatching(/^(malformed_body|validation_failed)$/),
    });
    expect(await snapshot(t.db, school.iid)).toBe(before);
  });

  it('ignores an epilogue after the closing boundary, as RFC 2046 says', async () => {
    const res = await agent
      .post(`/api/v1/institutions/${school.iid}/imports`)
      .set('content-type', 'multipart/form-data; boundary=abc')
      .send(Buffer.from(`${part('abc')}--abc--\r\n\u0000\u00ff garbage --abc\r\n`, 'latin1'));
    expect(res.status).toBe(201);
  });

  // Only the upload reads multipart bodies: any other route refuses the media type, like any
  // other it does not take, and changes nothing.
  it('answers 415 on a JSON route that is sent a (broken) multipart body', async () => {
    const res = await agent
      .post(`/api/v1/institutions/${school.iid}/account-proposals`)
      .set('content-type', 'multipart/form-data; boundary=abc')
      .send(Buffer.from(part('abc'), 'latin1'));
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('unsupported_media_type');
  });
});
