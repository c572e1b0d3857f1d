import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type supertest from 'supertest';
import { createInstitution, signedIn } from '../../test/factories.js';
import { appForFile } from '../../test/per-file.js';
import { activeCoAccount, studentWithAccount } from '../../test/portal-factories.js';

// The access right: one student's data and its co-accounts', as JSON and PDF; no credential
// values in either; logged; other schools and helpdesk users get nothing.

const t = appForFile();
let iid: string;
let sid: string;
let admin: supertest.Agent;
const out = process.env.ACCESS_PDF_DIR ?? mkdtempSync(join(tmpdir(), 'sl-access-'));
const binary = (req: supertest.Test) =>
  req.buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });
const url = (school = iid) => `/api/v1/institutions/${school}/students/${sid}/personal-data`;
const accessEvents = () =>
  t.db
    .selectFrom('account_events')
    .select(['kind', 'detail'])
    .where('student_id', '=', sid)
    .where('kind', '=', 'access_exported')
    .execute();

beforeAll(async () => {
  t.clock.now = new Date('2027-03-01T09:30:00Z');
  iid = (await createInstitution(t.ctx, { name: 'Sint-Ursula' })).id;
  admin = await signedIn(t, iid);
  const { student } = await studentWithAccount(
    t.ctx,
    iid,
    {
      first_name: 'Şule',
      last_name: "D'Hondt-Øster",
      stamnummer: '60001',
      parent_emails: ['mama.dhondt@example.be'],
    },
    { username: 'sule.dhondtoster', email: 'sule@example.be' },
  );
  sid = student.id;
  await activeCoAccount(t.ctx, student, 1, 'ouder-wachtwoord-123');
  await t.db
    .insertInto('tokens')
    .values({
      token_hash: 'SECRET-TOKEN-HASH',
      purpose: 'co_account_activation',
      institution_id: iid,
      student_id: sid,
      slot: 1,
      email: 'mama.dhondt@example.be',
      expires_at: new Date('2027-03-02T09:30:00Z'),
    })
    .execute();
  await t.db
    .insertInto('sessions')
    .values({
      id: 'SECRET-SESSION-ID',
      kind: 'portal',
      student_id: sid,
      co_account_slot: 1,
      expires_at: new Date('2027-03-01T10:30:00Z'),
      user_agent: 'Firefox',
    })
    .execute();
  await t.db
    .insertInto('oidc_models')
    .values({
      model: 'Grant',
      id: 'SECRET-GRANT-ID',
      payload: JSON.stringify({ accountId: `p.${sid}.1`, clientId: 'rekenrally' }),
    })
    .execute();
});

describe('GET /api/v1/institutions/:iid/students/:sid/personal-data', () => {
  it('gives everything on the student and the parents, names credentials without values, and logs it', async () => {
    const res = await admin.get(url());
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toBe('attachment; filename="gegevens-60001.json"');
    expect(res.body).toMatchObject({
      school: { id: iid, name: 'Sint-Ursula' },
      student: { firstName: 'Şule', parentEmails: ['mama.dhondt@example.be'] },
      account: {
        username: 'sule.dhondtoster',
        email: 'sule@example.be',
        credentials: ['password_hash', 'sealed_secret'],
      },
      usernames: [expect.objectContaining({ username: 'sule.dhondtoster' })],
      coAccounts: [expect.objectContaining({ slot: 1, credentials: ['password_hash'] })],
      sessions: [expect.objectContaining({ person: 'parent 1', userAgent: 'Firefox' })],
      links: [expect.objectContaining({ email: 'mama.dhondt@example.be' })],
      appSignIns: [{ person: 'parent 1', clientId: 'rekenrally', expiresAt: null }],
    });
    const text = JSON.stringify(res.body);
    for (const secret of ['$argon2', 'sealed-for-tests', 'SECRET-'])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/"\w*(hash|Hash|secret|Secret|token|Token)\w*":/);
    expect(await accessEvents()).toEqual([{ kind: 'access_exported', detail: { format: 'json' } }]);
  });

  it('as a readable PDF, in the chosen language, with every name intact', async () => {
    const res = await binary(admin.get(`${url()}/pdf`).query({ locale: 'nl' }));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    const file = join(out, 'gegevens.pdf');
    writeFileSync(file, res.body as Buffer);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toContain("Gegevens van Şule D'Hondt-Øster");
    expect(text).toContain('mama.dhondt@example.be');
    expect(text).toContain('wachtwoord, wachtwoord voor de kaart (versleuteld)');
    expect(text).not.toMatch(/password_hash|sealed_secret/);
    // Every heading and the lines on copies elsewhere in Dutch, not only the labels.
    expect(text).toContain('Tijdelijke kopieën elders');
    expect(text).toContain('Uitgaande mails aan de ouders');
    expect(text).not.toMatch(/outbox:|until sent|parent 1/);
    expect(text).not.toMatch(/argon2|SECRET-|sealed-for-tests/);
    expect((await accessEvents()).map((e) => e.detail)).toContainEqual({ format: 'pdf' });
  });

  it("is 404 for another school's admin, 403 for helpdesk, and logs nothing then", async () => {
    const before = (await accessEvents()).length;
    const stranger = await signedIn(t, (await createInstitution(t.ctx)).id);
    expect((await stranger.get(url())).status).toBe(404);
    expect((await binary(stranger.get(`${url()}/pdf`))).status).toBe(404);
    const helpdesk = await signedIn(t, iid, 'helpdesk');
    expect((await helpdesk.get(url())).status).toBe(403);
    expect((await accessEvents()).length).toBe(before);
  });

  it("writes the history in the reader's words: no event codes, JSON or internal ids", async () => {
    const event = (kind: string, actor: [string, string | null], detail: object) => ({
      institution_id: iid,
      student_id: sid,
      kind,
      actor_kind: actor[0],
      actor_id: null,
      actor_name: actor[1],
      detail: JSON.stringify(detail),
      created_at: new Date('2027-02-01T08:00:00Z'),
    });
    const batchId = '0b7a2c1e-5d7e-4c58-9a55-d1c3a1f0e9b2';
    await t.db
      .insertInto('account_events')
      .values([
        event('created', ['admin', null], {
          type: 'advanced',
          passwordKind: 'temporary',
          username: 'sule.dhondtoster',
          batchId,
        }),
        event('type_changed', ['admin', 'Els Peeters'], {
          from: 'advanced',
          to: 'basic',
          passwordKind: 'picture',
        }),
        event('co_account_activated', ['parent', null], { slot: 1, agreementVersion: '2027-01' }),
        event('enrolment_changed', ['api_key', null], {
          source: 'import',
          importId: batchId,
          change: 'updated',
          changes: [{ field: 'group', from: '3A', to: '3B' }],
        }),
      ])
      .execute();
    const pdf = async (locale: string) => {
      const res = await binary(admin.get(`${url()}/pdf`).query({ locale }));
      const file = join(out, `history-${locale}.pdf`);
      writeFileSync(file, res.body as Buffer);
      // Without -layout: a history line may wrap, so words are joined across lines.
      return execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
    };
    const nl = await pdf('nl');
    expect(nl).toContain(
      'Account aangemaakt (gevorderd, tijdelijk wachtwoord, sule.dhondtoster) door de school',
    );
    expect(nl).toContain(
      'Type account gewijzigd (gevorderd → basis, afbeeldingswachtwoord) door Els Peeters (school)',
    );
    expect(nl).toContain('Co-account geactiveerd (ouder 1) door een ouder');
    expect(nl).toContain('Inschrijving gewijzigd (gegevens gewijzigd, klas, via import)');
    // The account's own type and password kind too: no stored value in English.
    expect(nl).toContain('Inzage: alle gegevens gedownload (als JSON-bestand)');
    expect(nl).not.toMatch(/\b(basic|advanced|word|temporary|picture)\b/);
    const en = await pdf('en');
    expect(en).toContain('Account created (advanced, temporary password, sule.dhondtoster)');
    for (const text of [nl, en]) {
      expect(text).not.toMatch(/[{}"]|batchId|importId|agreementVersion|type_changed|temporary,/);
      expect(text).not.toContain(batchId);
    }
  });
});
