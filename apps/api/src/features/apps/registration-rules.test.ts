import { beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { createAdmin, createInstitution, loginAs } from '../../test/factories.js';
import { appForFile } from '../../test/per-file.js';
import { studentWithAccount } from '../../test/portal-factories.js';
import { ROW_CODES } from '../../platform/errors/index.js';
import { recordSignIn } from '../oidc/sign-ins.service.js';

// Rules that combine fields of a registration: a pairwise app needs its redirect URIs on one host
// (or the provider could never sign anyone in), and the subject type is fixed once people signed
// in (OpenID Connect Core 12.2: a `sub` never changes). Refusals follow the error contract.

const t = appForFile();
let iid: string;
let admin: supertest.Agent;
let platform: supertest.Agent;

const apps = () => `/api/v1/institutions/${iid}/apps`;
const body = (over: Record<string, unknown> = {}) => ({
  name: 'Leesrally',
  redirectUris: ['https://leesrally.example/cb'],
  audience: 'students',
  clientType: 'confidential',
  ...over,
});
const TWO_HOSTS = [
  ['two hosts', ['https://one.example/cb', 'https://two.example/cb']],
  ['a production host and localhost', ['https://one.example/cb', 'http://localhost:5173/cb']],
  ['localhost on two ports', ['http://localhost:3000/cb', 'http://localhost:5173/cb']],
] as const;
const LANGS = ['nl', 'fr', 'en'] as const;

beforeAll(async () => {
  iid = (await createInstitution(t.ctx, { name: 'School R' })).id;
  admin = await loginAs(t.request(), (await createAdmin(t.ctx, { institutionId: iid })).email);
  platform = await loginAs(t.request(), (await createAdmin(t.ctx, { platform: true })).email);
});

describe('a pairwise app with redirect URIs on more than one host', () => {
  it.each(TWO_HOSTS)('is refused at registration: %s', async (_label, redirectUris) => {
    const res = await admin.post(apps()).send(body({ redirectUris }));
    expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    expect(res.body.errors).toEqual([
      {
        path: 'body.redirectUris',
        code: 'app_redirect_hosts',
        message: ROW_CODES.app_redirect_hosts.message.nl,
      },
    ]);
    const pub = await admin.post(apps()).send(body({ redirectUris, subjectType: 'public' }));
    expect(pub.status).toBe(201);
  });

  it('says why in the asked language, with localized detail, paths and codes', async () => {
    const bad = body({
      redirectUris: ['https://one.example/cb', 'http://two.example/cb'],
      name: ' ',
    });
    for (const lang of LANGS) {
      const res = await admin.post(apps()).set('Accept-Language', lang).send(bad);
      expect(res.status).toBe(400);
      expect(res.body.detail).toBe(
        {
          nl: 'De registratie van de app is niet geldig.',
          fr: 'L’enregistrement de l’app n’est pas valide.',
          en: 'The app registration is not valid.',
        }[lang],
      );
      expect(res.body.errors).toEqual([
        {
          path: 'body.name',
          code: 'app_name_blank',
          message: ROW_CODES.app_name_blank.message[lang],
        },
        {
          path: 'body.redirectUris.1',
          code: 'app_url_not_https',
          message: ROW_CODES.app_url_not_https.message[lang],
        },
      ]);
    }
    const logo = await admin
      .post(apps())
      .set('Accept-Language', 'fr')
      .send(body({ logoUrl: `data:image/png;base64,${Buffer.from('<svg/>').toString('base64')}` }));
    expect(logo.body.errors).toEqual([
      { path: 'body.logoUrl', code: 'app_logo_not_image', message: 'N’est pas une image PNG.' },
    ]);
    const hosts = await admin
      .post(apps())
      .set('Accept-Language', 'en')
      .send(body({ redirectUris: TWO_HOSTS[0][1] }));
    expect(hosts.body.errors[0].message).toMatch(/one host.*public/);
  });

  it('is refused on a change, of a school app and of a platform app', async () => {
    const own = await admin.post(apps()).send(body());
    const plat = await platform.post('/api/v1/platform/apps').send(body());
    const wider = { redirectUris: [...TWO_HOSTS[0][1]] };
    for (const [agent, url] of [
      [admin, `${apps()}/${own.body.id}`],
      [platform, `/api/v1/platform/apps/${plat.body.id}`],
    ] as const) {
      const res = await agent.patch(url).send(wider);
      expect([res.status, res.body.errors?.[0]?.path]).toEqual([400, 'body.redirectUris']);
      expect((await agent.patch(url).send({ ...wider, subjectType: 'public' })).status).toBe(200);
      // Back to pairwise with the two hosts it has now.
      const back = await agent.patch(url).send({ subjectType: 'pairwise' });
      expect([back.status, back.body.errors?.[0]?.code]).toEqual([400, 'app_redirect_hosts']);
      // Other fields of such an app still change.
      expect((await agent.patch(url).send({ name: 'Leesrally 2' })).status).toBe(200);
    }
  });
});

describe('changing the subject type', () => {
  it('is allowed before the first sign-in, and refused with 409 once someone signed in', async () => {
    const created = await admin.post(apps()).send(body());
    const url = `${apps()}/${created.body.id}`;
    expect((await admin.patch(url).send({ subjectType: 'public' })).body.subjectType).toBe(
      'public',
    );
    expect((await admin.patch(url).send({ subjectType: 'pairwise' })).status).toBe(200);
    const { student } = await studentWithAccount(t.ctx, iid);
    await recordSignIn(t.ctx, `s.${student.id}`, created.body.clientId);
    const details = new Set<string>();
    for (const lang of LANGS) {
      const res = await admin
        .patch(url)
        .set('Accept-Language', lang)
        .send({ subjectType: 'public', name: 'Anders' });
      expect([res.status, res.body.code]).toEqual([409, 'conflict']);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      details.add(res.body.detail);
    }
    expect([...details]).toEqual([
      expect.stringMatching(/gebruikers-id/),
      expect.stringMatching(/identifiant/),
      expect.stringMatching(/subject type/),
    ]);
    const now = (await admin.get(url)).body;
    expect([now.subjectType, now.name]).toEqual(['pairwise', 'Leesrally']);
    // The same type again is no change.
    expect((await admin.patch(url).send({ subjectType: 'pairwise' })).status).toBe(200);
  });

  it('is refused for a platform app while a grant is live at the provider', async () => {
    const created = await platform.post('/api/v1/platform/apps').send(body());
    const url = `/api/v1/platform/apps/${created.body.id}`;
    await t.db
      .insertInto('oidc_models')
      .values({
        model: 'Grant',
        id: `g-${created.body.clientId}`,
        payload: JSON.stringify({ clientId: created.body.clientId, accountId: 's.x' }),
      })
      .execute();
    const res = await platform.patch(url).send({ subjectType: 'public' });
    expect([res.status, res.body.code]).toEqual([409, 'conflict']);
    expect((await platform.get(url)).body.subjectType).toBe('pairwise');
  });
});

describe('a URL whose host is not the one written', () => {
  // A browser follows the parsed URL, a person reads the written one: a backslash, a missing
  // "//", a percent-encoded, numeric or look-alike (non-ASCII) host name would send codes to
  // another server than the one the admin (or a school reviewing a platform app) sees.
  it.each([
    ['a backslash before @', 'https://evil.example\\@leesrally.example/cb'],
    ['no slashes after the scheme', 'https:leesrally.example/cb'],
    ['a backslash for a slash', 'https:/\\leesrally.example/cb'],
    ['a percent-encoded host', 'https://leesr%61lly.example/cb'],
    ['a Cyrillic look-alike letter', 'https://leesr\u0430lly.example/cb'],
    ['a shortened IPv4 address', 'http://127.1/cb'],
  ])('is refused: %s', async (_label, uri) => {
    for (const over of [
      { redirectUris: [uri] },
      { postLogoutRedirectUris: [uri] },
      { launchUrl: uri },
    ]) {
      const res = await admin.post(apps()).send(body(over));
      expect([res.status, res.body.errors?.[0]?.code]).toEqual([400, 'app_url_host_unclear']);
    }
  });

  it.each([
    ['a .. segment', 'https://leesrally.example/cb/../../elders'],
    ['a . segment', 'https://leesrally.example/./cb'],
    ['a backslash in the path', 'https://leesrally.example/cb\\elders'],
    ['a character the browser escapes', 'https://leesrally.example/cb/{id}'],
  ])('is refused when the path is not the one written: %s', async (_label, uri) => {
    for (const over of [
      { redirectUris: [uri] },
      { postLogoutRedirectUris: [uri] },
      { launchUrl: uri },
    ]) {
      const res = await admin.post(apps()).send(body(over));
      expect([res.status, res.body.errors?.[0]?.code]).toEqual([400, 'app_url_path_unclear']);
    }
  });

  it.each([
    ['upper case', 'HTTPS://LeesRally.example/cb'],
    ['no path', 'https://leesrally.example'],
    ['a query', 'https://leesrally.example/cb?school=regenboog&x=%20y'],
    ['the default port', 'https://leesrally.example:443/cb'],
    ['punycode', 'https://xn--lesrally-f1a.example/cb'],
    ['localhost with a port', 'http://localhost:5173/cb'],
    ['IPv6 localhost', 'http://[::1]:3000/cb'],
  ])('is accepted when it is the same host: %s', async (_label, uri) => {
    const res = await admin.post(apps()).send(body({ redirectUris: [uri], launchUrl: uri }));
    expect(res.status).toBe(201);
  });
});
