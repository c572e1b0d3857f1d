// The school's printer offset (a setting) and the first free sticker (a per-download choice),
// read back from the PDFs the API serves (pdftotext -bbox).
import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type supertest from 'supertest';
import {
  countRows,
  createAdmin,
  createInstitution,
  createStudent,
  loginAs,
} from '../../test/factories.js';
import { appForFile } from '../../test/per-file.js';

const t = appForFile();
let iid: string;
let agent: supertest.Agent;
let helpdesk: supertest.Agent;
let batchId: string;
let studentIds: string[];
/** usernames in print order (one group, last names A…N) */
let usernames: string[];
const base = () => `/api/v1/institutions/${iid}`;
const dir = mkdtempSync(join(tmpdir(), 'sl-print-'));
const PT = 25.4 / 72;

function binary(res: supertest.Response, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** A batch's export file, as the dashboard downloads it. */
const batchExport = (
  who: supertest.Agent,
  query: { format: string; firstSticker: number; offsetXMm?: number; offsetYMm?: number },
) => who.get(`${base()}/batches/${batchId}/export`).query(query).buffer(true).parse(binary);

interface Word {
  text: string;
  x: number;
  y: number;
}

let files = 0;
/** Words with their top-left corner in mm, per page. */
function words(pdf: Buffer): Word[][] {
  const file = join(dir, `f${++files}.pdf`);
  writeFileSync(file, pdf);
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  return html
    .split('<page ')
    .slice(1)
    .map((page) =>
      [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map(
        (m) => ({ text: m[3]!, x: Number(m[1]) * PT, y: Number(m[2]) * PT }),
      ),
    );
}

/** Sticker position (from 1) whose 105 × 48 mm box holds the point, on an unshifted sheet. */
const stickerAt = (x: number, y: number): number =>
  Math.floor((y - 4.5) / 48) * 2 + Math.floor(x / 105) + 1;

beforeAll(async () => {
  iid = (await createInstitution(t.ctx, { name: 'Printschool' })).id;
  agent = await loginAs(t.request(), (await createAdmin(t.ctx, { institutionId: iid })).email);
  helpdesk = await loginAs(
    t.request(),
    (await createAdmin(t.ctx, { institutionId: iid, role: 'helpdesk' })).email,
  );
  const lasts = 'ABCDEFGHIJKLMN'.split('').map((c) => `${c}ertens`);
  const kids = [];
  for (const last of lasts)
    kids.push(await createStudent(t.ctx, iid, { last_name: last, group_name: '3B' }));
  studentIds = kids.map((k) => k.id);
  const res = await agent.post(`${base()}/accounts`).send({
    items: kids.map((k) => ({ studentId: k.id, type: 'basic', passwordKind: 'word' })),
  });
  expect(res.status).toBe(201);
  batchId = res.body.batchId;
  const byId = new Map<string, string>(
    res.body.items.map((i: { studentId: string; username: string }) => [i.studentId, i.username]),
  );
  usernames = studentIds.map((id) => byId.get(id)!);
});

describe('PATCH /api/v1/institutions/:iid (printer offset)', () => {
  it('stores the offset to 0.1 mm and gives it back in the settings', async () => {
    const res = await agent
      .patch(base())
      .send({ printOffsetXMm: 1.46, printOffsetYMm: -2 })
      .expect(200);
    expect(res.body).toMatchObject({ printOffsetXMm: 1.5, printOffsetYMm: -2 });
    expect((await agent.get(base())).body).toMatchObject({
      printOffsetXMm: 1.5,
      printOffsetYMm: -2,
    });
  });

  it('refuses more than 5 mm, text and helpdesk users, and changes nothing', async () => {
    for (const body of [
      { printOffsetXMm: 5.5 },
      { printOffsetYMm: -5.01 },
      { printOffsetXMm: '1' },
      { printOffsetXMm: null },
    ]) {
      const res = await agent.patch(base()).send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect((await helpdesk.patch(base()).send({ printOffsetXMm: 0 })).status).toBe(403);
    expect((await agent.get(base())).body).toMatchObject({
      printOffsetXMm: 1.5,
      printOffsetYMm: -2,
    });
  });
});

describe('GET /api/v1/institutions/:iid/batches/:bid/export (print options)', () => {
  it("starts on the chosen sticker and shifts everything by the school's offset", async () => {
    const res = await batchExport(helpdesk, { format: 'stickers', firstSticker: 5 });
    expect(res.status).toBe(200);
    const pages = words(res.body as Buffer);
    expect(pages).toHaveLength(2);
    usernames.forEach((u, i) => {
      const page = i < 8 ? pages[0]! : pages[1]!;
      const w = page.find((x) => x.text === u)!;
      const position = i < 8 ? i + 5 : i - 7;
      expect(stickerAt(w.x - 1.5, w.y + 2)).toBe(position);
      // The line starts 5 mm inside a left sticker (at the paper edge), 4 mm inside a right one,
      // plus the offset.
      const left = (position - 1) % 2 === 0;
      const label = page.find(
        (x) =>
          x.text === 'Gebruikersnaam:' && Math.abs(x.y - w.y) < 0.5 && x.x < w.x && w.x - x.x < 40,
      )!;
      expect(label.x).toBeCloseTo((left ? 5 : 109) + 1.5, 1);
    });
    // Nothing in the four used positions.
    expect(pages[0]!.filter((w) => stickerAt(w.x - 1.5, w.y + 2) < 5)).toEqual([]);
  });

  it('uses the same offset for the cards, which ignore the first sticker', async () => {
    const res = await batchExport(agent, { format: 'cards', firstSticker: 5 });
    const pages = words(res.body as Buffer);
    expect(pages).toHaveLength(2);
    const first = pages[0]!.find((w) => w.text === usernames[0])!;
    const label = pages[0]!.find(
      (x) => x.text === 'Gebruikersnaam:' && Math.abs(x.y - first.y) < 0.5,
    )!;
    // Card 1: left column, 5 mm inside the paper edge, plus the offset.
    expect(label.x).toBeCloseTo(5 + 1.5, 1);
    expect(first.y).toBeLessThan(6 + 57);
  });

  it('refuses positions outside 1–12 with a problem and records nothing', async () => {
    const before = await countRows(t, 'account_events');
    for (const firstSticker of ['0', '13', 'vijf', '']) {
      const res = await agent
        .get(`${base()}/batches/${batchId}/export`)
        .query({ format: 'stickers', firstSticker });
      expect([firstSticker, res.status]).toEqual([firstSticker, 400]);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    const bad = await agent
      .post(`${base()}/exports`)
      .send({ studentIds, format: 'stickers', firstSticker: 13 });
    expect(bad.status).toBe(400);
    expect(await countRows(t, 'account_events')).toBe(before);
  });
});

describe('an offset for one print', () => {
  /** Where card 1's "Gebruikersnaam:" label starts (mm from the paper's left and top). */
  const firstLabel = (pdf: Buffer) => {
    const page = words(pdf)[0]!;
    const first = page.find((w) => w.text === usernames[0])!;
    const label = page.find((x) => x.text === 'Gebruikersnaam:' && Math.abs(x.y - first.y) < 0.5)!;
    return { x: label.x, y: label.y };
  };

  it("moves that print only (a helpdesk user's too); the school's offset stays", async () => {
    const school = await batchExport(helpdesk, { format: 'cards', firstSticker: 1 });
    const own = await batchExport(helpdesk, {
      format: 'cards',
      firstSticker: 1,
      offsetXMm: -3.04,
      offsetYMm: 2,
    });
    expect(own.status).toBe(200);
    const [a, b] = [firstLabel(school.body as Buffer), firstLabel(own.body as Buffer)];
    // The school's 1.5 / -2 against this print's -3.0 / 2 (to 0.1 mm, as the setting keeps it).
    expect(b.x - a.x).toBeCloseTo(-4.5, 1);
    expect(b.y - a.y).toBeCloseTo(4, 1);
    const settings = await agent.get(base());
    expect(settings.body).toMatchObject({ printOffsetXMm: 1.5, printOffsetYMm: -2 });
    const reprint = await agent
      .post(`${base()}/exports`)
      .send({ studentIds, format: 'cards', offsetXMm: 4 })
      .buffer(true)
      .parse(binary);
    expect(reprint.status).toBe(200);
    expect(firstLabel(reprint.body as Buffer).x).toBeCloseTo(5 + 4, 1);
  });

  it('refuses an offset beyond 5 mm and prints nothing', async () => {
    const before = await countRows(t, 'account_events');
    // Not a decimal as written: an empty value (read as 0 mm before), hex, a sign, an exponent.
    for (const offsetXMm of ['', '0x1', '+3', '1e0', ' 1']) {
      const res = await agent
        .get(`${base()}/batches/${batchId}/export`)
        .query({ format: 'cards', offsetXMm });
      expect([offsetXMm, res.status]).toEqual([offsetXMm, 400]);
    }
    const get = await agent
      .get(`${base()}/batches/${batchId}/export`)
      .query({ format: 'cards', offsetXMm: 6 });
    const post = await agent
      .post(`${base()}/exports`)
      .send({ studentIds, format: 'cards', offsetYMm: -5.5 });
    expect([get.status, post.status]).toEqual([400, 400]);
    expect(await countRows(t, 'account_events')).toBe(before);
  });
});

describe('POST /api/v1/institutions/:iid/exports (print options)', () => {
  it('honours the first sticker on a reprint', async () => {
    const res = await agent
      .post(`${base()}/exports`)
      .send({ studentIds: studentIds.slice(0, 2), format: 'stickers', firstSticker: 12 })
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    const pages = words(res.body as Buffer);
    expect(pages).toHaveLength(2);
    const a = pages[0]!.find((w) => w.text === usernames[0])!;
    const b = pages[1]!.find((w) => w.text === usernames[1])!;
    expect(stickerAt(a.x - 1.5, a.y + 2)).toBe(12);
    expect(stickerAt(b.x - 1.5, b.y + 2)).toBe(1);
  });
});

describe('POST /api/v1/institutions/:iid/exports/preview (sample)', () => {
  it('lists the printable accounts for the print preview without their passwords', async () => {
    const res = await agent
      .post(`${base()}/exports/preview`)
      .send({ studentIds: studentIds.slice(0, 3), sample: true });
    expect(res.status).toBe(200);
    expect(res.body.sample).toHaveLength(3);
    expect(res.body.sample[0]).toMatchObject({
      lastName: 'Aertens',
      group: '3B',
      username: usernames[0],
      passwordKind: 'word',
    });
    expect(res.body.sample[0].passwordLength).toBeGreaterThan(3);
    expect(JSON.stringify(res.body)).not.toMatch(/"password"|"pictures"/);
    const plain = await agent.post(`${base()}/exports/preview`).send({ studentIds });
    expect(plain.body.sample).toBeUndefined();
  });
});
