import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import type supertest from 'supertest';
import { createAdmin, createInstitution, createStudent, loginAs } from '../../test/factories.js';
import { appForFile } from '../../test/per-file.js';

const t = appForFile();
let iid: string;
let agent: supertest.Agent;
let batchId: string;
let studentIds: string[];
let created: Array<{ studentId: string; username: string; password?: string; pictures?: string[] }>;
const base = () => `/api/v1/institutions/${iid}`;
const dir = mkdtempSync(join(tmpdir(), 'sl-exports-'));

function binary(res: supertest.Response, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

let pdfCount = 0;
function pdfText(bytes: Buffer): string {
  const file = join(dir, `f${++pdfCount}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

beforeAll(async () => {
  iid = (await createInstitution(t.ctx, { name: 'Sint-Pieterscollege Gent' })).id;
  agent = await loginAs(t.request(), (await createAdmin(t.ctx, { institutionId: iid })).email);
  const kids = [];
  for (const [first_name, last_name, group_name] of [
    ['Süheda', 'Carabin', '4de leerjaar'],
    ['Ștefan', 'Țăran', '6de leerjaar'],
    ['Aurelian', 'Appels', '2e lj 3e gr Elektri.installatietechn.TSO'],
    ['=HYPERLINK("http://x")', ') /S /JavaScript', '6de leerjaar'],
  ] as const)
    kids.push(await createStudent(t.ctx, iid, { first_name, last_name, group_name }));
  studentIds = kids.map((k) => k.id);
  const res = await agent.post(`${base()}/accounts`).send({
    items: [
      { studentId: kids[0]!.id, type: 'basic', passwordKind: 'word' },
      { studentId: kids[1]!.id, type: 'basic', passwordKind: 'picture' },
      { studentId: kids[2]!.id, type: 'advanced' },
      { studentId: kids[3]!.id, type: 'basic', passwordKind: 'word', username: 'hyper.link' },
    ],
  });
  expect(res.status).toBe(201);
  batchId = res.body.batchId;
  created = res.body.items;
});

describe('GET /api/v1/institutions/:iid/batches/:bid/export', () => {
  it('streams a ZIP with the Excel file, the A4 cards and the sticker sheets', async () => {
    const res = await agent.get(`${base()}/batches/${batchId}/export`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toMatch(
      /attachment; filename="sint-pieterscollege-gent-\d{4}-\d{2}-\d{2}-accounts.zip"/,
    );
    const zip = await JSZip.loadAsync(res.body as Buffer);
    const groups = ['2e-lj-3e-gr-Elektri.installatietechn.TSO', '4de-leerjaar', '6de-leerjaar'];
    expect(
      Object.keys(zip.files)
        .filter((f) => !zip.files[f]!.dir)
        .sort(),
    ).toEqual(
      [
        'accounts.xlsx',
        'cards-a4.pdf',
        'stickers-105x48.pdf',
        ...groups.flatMap((g) => [`groups/${g}-cards-a4.pdf`, `groups/${g}-stickers-105x48.pdf`]),
      ].sort(),
    );
    // The sixth grade's file holds its two pupils and no one else.
    const sixth = pdfText(await zip.file('groups/6de-leerjaar-cards-a4.pdf')!.async('nodebuffer'));
    expect(sixth).toContain('Țăran');
    expect(sixth).toContain('hyper.link');
    expect(sixth).not.toContain('Süheda');
    const cards = pdfText(await zip.file('cards-a4.pdf')!.async('nodebuffer'));
    expect(cards).toContain('Süheda');
    expect(cards).toContain('Țăran');
    expect(cards).toContain(created[0]!.password!);
    expect(cards).toContain('Tijdelijk wachtwoord');
    expect(cards).toContain(`http://schoolloket.test/u/${created[2]!.username}`);
    for (const name of ['cards-a4.pdf', 'stickers-105x48.pdf']) {
      const raw = (await zip.file(name)!.async('nodebuffer')).toString('latin1');
      expect(raw).not.toMatch(/\/JavaScript|\/OpenAction/);
    }
    const events = await t.db
      .selectFrom('account_events')
      .select(['student_id', 'kind'])
      .where('kind', '=', 'exported')
      .execute();
    expect(events.map((e) => e.student_id).sort()).toEqual([...studentIds].sort());
  });

  it('records the batch as the database writes its id, however the URL wrote it', async () => {
    const res = await agent
      .get(`${base()}/batches/${batchId.toUpperCase()}/export`)
      .query({ format: 'xlsx' })
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    const last = await t.db
      .selectFrom('account_events')
      .select('detail')
      .where('kind', '=', 'exported')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last.detail).toMatchObject({ format: 'xlsx', batchId });
  });

  it('gives a single format and rejects unknown formats and foreign batches', async () => {
    const pdf = await agent
      .get(`${base()}/batches/${batchId}/export`)
      .query({ format: 'stickers' })
      .buffer(true)
      .parse(binary);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    expect(
      (await agent.get(`${base()}/batches/${batchId}/export`).query({ format: 'docx' })).status,
    ).toBe(400);
    const other = await createInstitution(t.ctx);
    const otherAgent = await loginAs(
      t.request(),
      (await createAdmin(t.ctx, { institutionId: other.id })).email,
    );
    expect(
      (await otherAgent.get(`/api/v1/institutions/${other.id}/batches/${batchId}/export`)).status,
    ).toBe(404);
  });
});

describe('a batch none of whose passwords can be shown any more', () => {
  it("answers 409 saying so in the admin's language", async () => {
    const kid = await createStudent(t.ctx, iid, { first_name: 'Noor', last_name: 'Aerts' });
    const made = await agent.post(`${base()}/accounts`).send({
      items: [{ studentId: kid.id, type: 'basic', passwordKind: 'word' }],
    });
    await t.db
      .updateTable('accounts')
      .set({ secret_enc: null, password_kind: 'own', must_change: false })
      .where('student_id', '=', kid.id)
      .execute();
    const answers = [];
    for (const language of ['nl', 'fr'])
      answers.push(
        await agent
          .get(`${base()}/batches/${made.body.batchId}/export`)
          .set('accept-language', language),
      );
    expect(answers.map((r) => [r.status, r.body.code])).toEqual([
      [409, 'conflict'],
      [409, 'conflict'],
    ]);
    expect(answers[0]!.body.detail).toMatch(/^Geen enkel account van deze reeks/);
    expect(answers[1]!.body.detail).toMatch(/^Aucun compte de ce lot/);
  });
});

describe('POST /api/v1/institutions/:iid/exports', () => {
  it('leaves out a temporary password past its days, and says so', async () => {
    const kid = await createStudent(t.ctx, iid, { first_name: 'Verlopen', last_name: 'Kaart' });
    const made = await agent
      .post(`${base()}/accounts`)
      .send({ items: [{ studentId: kid.id, type: 'advanced' }] });
    expect(made.status).toBe(201);
    const accountOf = async () =>
      (await agent.get(`${base()}/students/${kid.id}/account`)).body as { reprintable: boolean };
    expect((await accountOf()).reprintable).toBe(true);
    // Found by an outside review: the card of a dead temporary password was printed again.
    await t.db
      .updateTable('accounts')
      .set({ temporary_expires_at: new Date(t.clock.now.getTime() - 1000) })
      .where('student_id', '=', kid.id)
      .execute();
    const preview = await agent.post(`${base()}/exports/preview`).send({ studentIds: [kid.id] });
    expect(preview.body).toMatchObject({
      reprintable: 0,
      notReprintable: [expect.objectContaining({ studentId: kid.id, reason: 'password_expired' })],
    });
    expect((await accountOf()).reprintable).toBe(false);
  });

  it('reprints only accounts whose password is still retrievable', async () => {
    await t.db
      .updateTable('accounts')
      .set({ secret_enc: null, password_kind: 'own', must_change: false })
      .where('student_id', '=', studentIds[2]!)
      .execute();
    const preview = await agent.post(`${base()}/exports/preview`).send({ studentIds });
    expect(preview.status).toBe(200);
    expect(preview.body.reprintable).toBe(3);
    expect(preview.body.notReprintable).toEqual([
      expect.objectContaining({ studentId: studentIds[2], reason: 'password_changed' }),
    ]);
    const res = await agent
      .post(`${base()}/exports`)
      .send({ studentIds, format: 'xlsx' })
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['x-not-reprintable']).toBe('1');
    const zip = await JSZip.loadAsync(res.body as Buffer);
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheet).not.toContain('<f>');
    const strings = await zip.file('xl/sharedStrings.xml')!.async('string');
    expect(strings).toContain('hyper.link');
    expect(strings).toContain('=HYPERLINK(');
    expect(strings).not.toContain(created[2]!.username);
  });

  it('rejects an empty selection and a foreign student', async () => {
    expect(
      (await agent.post(`${base()}/exports`).send({ filter: { group: 'bestaat niet' } })).status,
    ).toBe(400);
    const otherSchool = await createInstitution(t.ctx);
    const foreign = await createStudent(t.ctx, otherSchool.id);
    expect((await agent.post(`${base()}/exports`).send({ studentIds: [foreign.id] })).status).toBe(
      404,
    );
  });
});

describe('POST /api/v1/institutions/:iid/letters', () => {
  it('prints one letter per student with the username and never a password', async () => {
    const res = await agent
      .post(`${base()}/letters`)
      .send({ studentIds: studentIds.slice(0, 2), locale: 'fr' })
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    const text = pdfText(res.body as Buffer);
    expect(text).toContain(created[0]!.username);
    // The school rides along so the activation page shows its helpdesk; the URL may wrap.
    expect(text.replace(/\s+/g, '')).toContain(
      `http://schoolloket.test/co-account/activeren?school=${iid}`,
    );
    expect(text).toContain('Mot de passe oublié');
    expect(text).not.toContain(created[0]!.password!);
    expect(text.split('\f').filter((p) => p.trim()).length).toBe(2);
    expect(res.headers['x-skipped-no-account']).toBe('0');
  });

  it('leaves out students without an account and says how many', async () => {
    const without = await createStudent(t.ctx, iid);
    const res = await agent
      .post(`${base()}/letters`)
      .send({ studentIds: [studentIds[0], without.id, without.id] })
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['x-skipped-no-account']).toBe('1');
    expect(
      pdfText(res.body as Buffer)
        .split('\f')
        .filter((p) => p.trim()).length,
    ).toBe(1);
  });

  it("answers 404 for another school's student, as the reprint does, and records nothing", async () => {
    const foreign = await createStudent(t.ctx, (await createInstitution(t.ctx)).id);
    const events = () =>
      t.db
        .selectFrom('account_events')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
    const before = await events();
    for (const ids of [[studentIds[0], foreign.id], [foreign.id]]) {
      const res = await agent.post(`${base()}/letters`).send({ studentIds: ids });
      expect([res.status, res.body.code]).toEqual([404, 'not_found']);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect(await events()).toEqual(before);
  });
});

describe('personal URL on cards and in the Excel file', () => {
  it("says how to log in (pictures with their count, or the password form) and uses the school's own base", async () => {
    const xlsxStrings = async () => {
      const res = await agent
        .get(`${base()}/batches/${batchId}/export`)
        .query({ format: 'xlsx' })
        .buffer(true)
        .parse(binary);
      expect(res.status).toBe(200);
      const zip = await JSZip.loadAsync(res.body as Buffer);
      return zip.file('xl/sharedStrings.xml')!.async('string');
    };
    const picture = created[1]!;
    let strings = await xlsxStrings();
    expect(strings).toContain(`http://schoolloket.test/u/${created[0]!.username}?wachtwoord`);
    expect(strings).toContain(
      `http://schoolloket.test/u/${picture.username}?prentjes=${picture.pictures!.length}`,
    );
    const patched = await agent
      .patch(`/api/v1/institutions/${iid}`)
      .send({ personalUrlBase: 'https://mijn.school.be/u/' });
    expect(patched.status).toBe(200);
    try {
      strings = await xlsxStrings();
      expect(strings).toContain(`https://mijn.school.be/u/${created[3]!.username}?wachtwoord`);
      expect(strings).not.toContain('http://schoolloket.test/u/');
    } finally {
      await agent.patch(`/api/v1/institutions/${iid}`).send({ personalUrlBase: null });
    }
  });
});
