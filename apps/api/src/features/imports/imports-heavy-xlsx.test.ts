import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { sharedStringsWorkbook } from '../../test/fixtures/imports/zip.js';
import { importsWorld, upload, ZIP_LIMITS } from '../../test/imports-support.js';
import { takeSlots } from '../../platform/throttles/index.js';
import { PREVIEW_POLICY } from './preview.js';

// Found by an outside test: a 4.8 MB workbook whose shared strings unpack to 39 MB (2.2 million
// entries, only 8:1, so the zip-bomb ratio let it through) held the event loop for seconds per
// upload, for every school, and four in parallel took a gigabyte. The parts exceljs parses are
// capped to what a student list needs, and previews wait their turn in a short queue.

const { school, agent, expectRefused } = importsWorld();

const TEXTS = ['Stamnummer', 'Voornaam', 'Achternaam', 'Klas', '1', 'An', 'Peeters', '1A'];
const row = (r: number, from: number) =>
  `<row r="${r}">${['A', 'B', 'C', 'D'].map((col, i) => `<c r="${col}${r}" t="s"><v>${from + i}</v></c>`).join('')}</row>`;
const SHEET = `<worksheet><sheetData>${row(1, 0)}${row(2, 4)}</sheetData></worksheet>`;

/** A valid student list of one row whose shared strings hold `extra` more two-letter texts. */
function workbook(extra: number): Buffer {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const noise = randomBytes(extra * 2);
  const parts = [`<sst count="${TEXTS.length + extra}" uniqueCount="${TEXTS.length + extra}">`];
  for (const text of TEXTS) parts.push(`<si><t>${text}</t></si>`);
  for (let i = 0; i < extra; i++)
    parts.push(`<si><t>${letters[noise[2 * i]! % 62]}${letters[noise[2 * i + 1]! % 62]}</t></si>`);
  parts.push('</sst>');
  return sharedStringsWorkbook(SHEET, parts.join(''));
}

describe('POST /api/v1/institutions/:school.iid/imports with a heavy workbook', () => {
  it('refuses 38 MB of shared strings in a sub-5 MB upload before parsing, in Dutch first', async () => {
    const file = workbook(2_150_000);
    expect(file.length).toBeLessThan(5 * 1024 * 1024);
    const { res } = await expectRefused(file, 'leerlingen.xlsx', ...ZIP_LIMITS);
    expect(res.body.detail).toContain('Het Excel-bestand pakt uit tot te veel gegevens');
    expect(res.body.detail).toContain('xl/sharedStrings.xml');
    const en = await upload(
      agent.set('Accept-Language', 'en'),
      school.iid,
      file,
      'leerlingen.xlsx',
    );
    expect(en.body.detail).toContain('The Excel file unpacks to too much data');
    agent.set('Accept-Language', 'nl');
  });

  it('still reads the same list with a real-sized string table', async () => {
    const res = await upload(agent, school.iid, workbook(50_000), 'leerlingen.xlsx');
    expect(res.status).toBe(201);
    expect(res.body.counts.create).toBe(1);
  });

  it('answers 503 with Retry-After when every preview place and the queue are taken; nothing stored', async () => {
    const held: Array<() => void> = [];
    const places = PREVIEW_POLICY.running + PREVIEW_POLICY.waiting;
    // The running places are taken at once; the waiting ones queue behind them.
    const taking = Array.from({ length: places }, () =>
      takeSlots([{ key: 'import-preview', limit: PREVIEW_POLICY }]),
    );
    for (const p of taking.slice(0, PREVIEW_POLICY.running)) held.push((await p)!);
    try {
      const { res } = await expectRefused(
        workbook(0),
        'leerlingen.xlsx',
        503,
        'unavailable',
        'previews_busy',
      );
      expect(res.headers['retry-after']).toBe('10');
      expect(res.body.detail).toContain('te veel leerlingenlijsten tegelijk');
    } finally {
      for (const free of held) free();
      for (const p of taking.slice(PREVIEW_POLICY.running)) (await p)!();
    }
    // Places free again: the next upload is read.
    expect((await upload(agent, school.iid, workbook(0), 'leerlingen.xlsx')).status).toBe(201);
  });
});
