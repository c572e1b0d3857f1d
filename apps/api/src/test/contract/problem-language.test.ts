import { describe, expect, it } from '@jest/globals';
import { PROBLEM_CODES, ROW_CODES } from '../../platform/errors/index.js';
import { createStudent } from '../factories.js';
import { schoolWithAdmin } from '../imports-support.js';
import { appForFile } from '../per-file.js';

// Problem bodies speak one language, the one asked for (Accept-Language: nl, fr, en; default
// nl), in the title, the detail and every row message; codes and paths never change.

const t = appForFile();

const base = (iid: string) => `/api/v1/institutions/${iid}`;

async function school() {
  const { iid, agent } = await schoolWithAdmin(t);
  const key = await agent.post(`${base(iid)}/api-keys`).send({ name: 'Sync', scope: 'read-write' });
  const api = () => t.request().set('Authorization', `Bearer ${key.body.token}`);
  return { iid, api };
}

const FOREIGN = {
  nl: /\b(the|student|row|élève|ligne)\b/i,
  fr: /\b(the|student|leerling|rij)\b/i,
  en: /\b(leerling|rij|élève|ligne|deze)\b/i,
};

describe('problem+json in the language of Accept-Language', () => {
  it('answers a bulk creation with row errors in nl, fr or en; nl without the header', async () => {
    const { iid, api } = await school();
    const s = await createStudent(t.ctx, iid, { first_name: 'Wout', last_name: 'Maes' });
    const body = {
      items: [
        { studentId: s.id, type: 'basic' },
        { studentId: s.id, type: 'advanced', passwordKind: 'word' },
      ],
    };
    const bodies: Record<string, { detail: string; title: string; errors: unknown[] }> = {};
    for (const lang of ['nl', 'fr', 'en', undefined] as const) {
      const req = api()
        .post(`${base(iid)}/accounts`)
        .set('Idempotency-Key', `lang-test-${lang}`);
      const res = await (lang ? req.set('Accept-Language', `${lang}-BE,${lang};q=0.9`) : req).send(
        body,
      );
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['content-language']).toBe(lang ?? 'nl');
      bodies[lang ?? 'default'] = res.body;
    }
    for (const lang of ['nl', 'fr', 'en'] as const) {
      const b = bodies[lang]!;
      expect(b.title).toBe(PROBLEM_CODES.unprocessable.title[lang]);
      // Two errors, both of row 1: the detail counts rows.
      expect(b.errors).toHaveLength(2);
      expect(b.detail).toBe(
        {
          nl: '1 rij(en) bevatten fouten; er werd niets aangemaakt.',
          fr: "1 ligne(s) contiennent des erreurs ; rien n'a été créé.",
          en: '1 row(s) have errors; nothing was created.',
        }[lang],
      );
      const texts = [b.detail, ...b.errors.map((e) => (e as { message: string }).message)];
      for (const text of texts) {
        expect(text).not.toMatch(FOREIGN[lang]);
      }
      expect(b.errors).toContainEqual({
        path: 'body.items.1.studentId',
        code: 'duplicate_student',
        message: ROW_CODES.duplicate_student.message[lang].replace('{row}', '1'),
      });
    }
    expect(bodies.default).toEqual(bodies.nl);
    // The same codes and paths in every language.
    const shape = (b: { errors: unknown[] }) =>
      b.errors.map((e) => [(e as { path: string }).path, (e as { code: string }).code]);
    expect(shape(bodies.fr!)).toEqual(shape(bodies.nl!));
    expect(shape(bodies.en!)).toEqual(shape(bodies.nl!));
  });

  it('words schema violations and unknown routes in the asked language', async () => {
    const { iid, api } = await school();
    const fr = await api()
      .put(`${base(iid)}/students`)
      .set('Accept-Language', 'fr')
      .send({ students: [{ stamnummer: '1' }] });
    expect(fr.status).toBe(400);
    expect(fr.body.code).toBe('validation_failed');
    expect(fr.body.title).toBe("La requête n'est pas valide");
    expect(fr.body.errors[0].message).toBe('manquant');
    const nl = await t.request().get('/api/v1/nergens').set('Accept-Language', 'nl');
    expect(nl.status).toBe(404);
    expect(nl.body.detail).toBe('Geen route voor GET /api/v1/nergens');
    const en = await t.request().get('/api/v1/nowhere').set('Accept-Language', 'de, en;q=0.5');
    expect(en.body.detail).toBe('No route for GET /api/v1/nowhere');
  });

  it('answers a sync with duplicate and blank rows in one language, changing nothing', async () => {
    const { iid, api } = await school();
    const students = [
      { stamnummer: '7', firstName: 'An', lastName: 'Peeters' },
      { stamnummer: '7', firstName: ' ', lastName: 'Peeters' },
    ];
    for (const lang of ['nl', 'fr', 'en'] as const) {
      const res = await api()
        .put(`${base(iid)}/students`)
        .set('Accept-Language', lang)
        .send({ students });
      expect(res.status).toBe(400);
      expect(res.body.detail).toBe(
        {
          nl: '2 fout(en) in de lijst; er werd niets gewijzigd.',
          fr: "2 erreur(s) dans la liste ; rien n'a été modifié.",
          en: '2 problem(s) in the list; nothing was changed.',
        }[lang],
      );
      expect(res.body.errors).toEqual([
        {
          path: 'body.students.1.stamnummer',
          code: 'duplicate_stamnummer',
          message: ROW_CODES.duplicate_stamnummer.message[lang].replace('{row}', '1'),
        },
        {
          path: 'body.students.1.firstName',
          code: 'blank_name',
          message: ROW_CODES.blank_name.message[lang],
        },
      ]);
    }
    const list = await api().get(`${base(iid)}/students`);
    expect(list.body.total).toBe(0);
  });
});

describe('GET /api/v1/institutions/:iid/account-requests/:key', () => {
  it('answers pending before the POST registered, and 400 for a key the POST would refuse', async () => {
    const { iid, api } = await school();
    const early = await api().get(`${base(iid)}/account-requests/not-sent-yet-0001`);
    expect(early.status).toBe(200);
    expect(early.body).toEqual({ state: 'pending', done: 0, total: 0 });
    for (const bad of ['short', 'x'.repeat(129), 'with%20space', 'nul%00byte-key']) {
      const res = await api().get(`${base(iid)}/account-requests/${bad}`);
      expect({ bad, status: res.status, code: res.body.code }).toEqual({
        bad,
        status: 400,
        code: 'validation_failed',
      });
    }
    // The router's own refusals are problem+json as well.
    const huge = await api().get(`${base(iid)}/account-requests/${'k'.repeat(300)}`);
    expect([huge.status, huge.body.code, huge.headers['content-type']]).toEqual([
      404,
      'not_found',
      expect.stringMatching(/^application\/problem\+json/),
    ]);
    const undecodable = await api().get(`${base(iid)}/account-requests/%E0%A4%A`);
    expect([undecodable.status, undecodable.body.code]).toEqual([400, 'bad_request']);
    const s = await createStudent(t.ctx, iid, { first_name: 'Lien', last_name: 'Claes' });
    const long = await api()
      .post(`${base(iid)}/accounts`)
      .set('Idempotency-Key', 'k'.repeat(129))
      .send({ items: [{ studentId: s.id, type: 'basic' }] });
    expect(long.status).toBe(400);
    expect(long.body.errors[0].path).toBe('headers.idempotency-key');
  });

  // Two row messages were English in every language (found by an outside test).
  it("words a blank name and a reused Idempotency-Key's row in the asked language", async () => {
    const { iid, api } = await school();
    const s = await createStudent(t.ctx, iid, { first_name: 'Lien', last_name: 'Claes' });
    for (const lang of ['nl', 'fr', 'en'] as const) {
      const blank = await api()
        .patch(`${base(iid)}/students/${s.id}`)
        .set('Accept-Language', lang)
        .send({ firstName: '   ' });
      expect([blank.status, blank.body.code]).toEqual([400, 'validation_failed']);
      expect(blank.body.errors).toEqual([
        { path: 'body.firstName', code: 'blank_name', message: ROW_CODES.blank_name.message[lang] },
      ]);
      const key = `reused-key-${lang}-0001`;
      const other = await createStudent(t.ctx, iid, { first_name: 'Nina', last_name: lang });
      const first = await api()
        .post(`${base(iid)}/accounts`)
        .set('Idempotency-Key', key)
        .send({ items: [{ studentId: other.id, type: 'basic' }] });
      expect(first.status).toBe(201);
      const again = await api()
        .post(`${base(iid)}/accounts`)
        .set('Idempotency-Key', key)
        .set('Accept-Language', lang)
        .send({ items: [{ studentId: other.id, type: 'advanced' }] });
      expect([again.status, again.body.errors?.[0]?.message]).toEqual([
        422,
        ROW_CODES.idempotency_key_reused.message[lang],
      ]);
    }
  });
});
