// `pnpm bench import`: a 5,000-row CSV preview + commit on a school of 5,000 students (1,000 new,
// 4,000 changed, 1,000 leaving), then the same file again (nothing changes). Called by bench.ts.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type supertest from 'supertest';
import { sharedStringsWorkbook } from '../src/test/fixtures/imports/zip.js';
import { FIRSTS, LASTS } from './bench-names.js';
import type { Row } from './bench-row.js';

type Setup = (
  students: number,
) => Promise<{ agent: supertest.Agent; iid: string; close(): Promise<void> }>;

/** The school administration's export: same names as bench.ts' setup, a tenth moved a grade up. */
function exportCsv(from: number, to: number): Buffer {
  const lines = [
    'Stamnummer;Naam;Voornaam;Klas;Geslacht;Geboortedatum;E-mail ouder 1;E-mail ouder 2',
  ];
  for (let j = from; j < to; j++) {
    const group = `${((j + (j % 10 === 0 ? 1 : 0)) % 12) + 1}e groep`;
    const day = String((j % 28) + 1).padStart(2, '0');
    const month = String((j % 12) + 1).padStart(2, '0');
    lines.push(
      [
        100000 + j,
        LASTS[Math.floor(j / 10) % 10],
        FIRSTS[j % 10],
        group,
        j % 2 ? 'M' : 'V',
        `${day}/${month}/2012`,
        `ouder${j}@example.be`,
        j % 3 ? '' : `ouder2.${j}@example.be`,
      ].join(';'),
    );
  }
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`)]);
}

async function previewAndCommit(s: Awaited<ReturnType<Setup>>, file: Buffer) {
  const t0 = performance.now();
  const preview = await s.agent
    .post(`/api/v1/institutions/${s.iid}/imports`)
    .attach('file', file, 'leerlingen.csv');
  const t1 = performance.now();
  if (preview.status !== 201)
    throw new Error(
      `preview failed: ${preview.status} ${JSON.stringify(preview.body).slice(0, 300)}`,
    );
  const commit = await s.agent
    .post(`/api/v1/institutions/${s.iid}/imports/${preview.body.id}/commit`)
    .send({});
  const t2 = performance.now();
  if (commit.status !== 200)
    throw new Error(`commit failed: ${commit.status} ${JSON.stringify(commit.body).slice(0, 300)}`);
  return {
    previewMs: t1 - t0,
    commitMs: t2 - t1,
    counts: preview.body.counts,
    summary: commit.body.summary,
  };
}

/**
 * Uploads a school must get refused fast, without reading them whole (the tests check the
 * refusals; their time is measured here): 100,000 CSV rows, a 100,001-row sheet, and a 4.8 MB
 * workbook whose shared strings unpack to 38 MB.
 */
function refusedUploads(): Array<[string, Buffer, string]> {
  const csv = ['Stamnummer;Naam;Voornaam;Klas'];
  for (let i = 0; i < 100_000; i++) csv.push(`${i};P;E;1`);
  const rows = Array.from(
    { length: 100_001 },
    (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i * 7919}</v></c></row>`,
  );
  const sheet = `<worksheet><dimension ref="A1:A100001"/><sheetData>${rows.join('')}</sheetData></worksheet>`;
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const noise = randomBytes(2 * 2_150_000);
  const strings = ['<sst>'];
  for (let i = 0; i < 2_150_000; i++)
    strings.push(
      `<si><t>${letters[noise[2 * i]! % 62]}${letters[noise[2 * i + 1]! % 62]}</t></si>`,
    );
  strings.push('</sst>');
  const one =
    '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>';
  return [
    ['100,000-row CSV', Buffer.from(csv.join('\n')), 'groot.csv'],
    ['100,001-row XLSX sheet', sharedStringsWorkbook(sheet, '<sst></sst>'), 'groot.xlsx'],
    [
      'XLSX whose shared strings unpack to 38 MB',
      sharedStringsWorkbook(one, strings.join('')),
      'zwaar.xlsx',
    ],
  ];
}

async function refusalRows(s: Awaited<ReturnType<Setup>>): Promise<Row[]> {
  const out: Row[] = [];
  for (const [name, file, filename] of refusedUploads()) {
    const t0 = performance.now();
    const res = await s.agent
      .post(`/api/v1/institutions/${s.iid}/imports`)
      .attach('file', file, filename);
    const ms = performance.now() - t0;
    if (res.status !== 413) throw new Error(`${name}: ${res.status}, not refused with 413`);
    out.push({
      scenario: 'import',
      metric: `${name} (${(file.length / 2 ** 20).toFixed(1)} MB): refused (413) in`,
      value: ms / 1000,
      unit: 's',
      floor: '≤ 3',
      ok: ms <= 3000,
    });
  }
  return out;
}

export async function benchImport(setup: Setup, rows: Row[]) {
  const s = await setup(5000);
  const file = exportCsv(1000, 6000);
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const first = await previewAndCommit(s, file);
  const again = await previewAndCommit(s, file);
  clearInterval(timer);
  const { create, update, leaving } = first.counts;
  if (create !== 1000 || update !== 4000 || leaving !== 1000 || again.counts.update !== 0) {
    throw new Error(
      `unexpected counts: ${JSON.stringify(first.counts)} / ${JSON.stringify(again.counts)}`,
    );
  }
  const total = first.previewMs + first.commitMs;
  const totalAgain = again.previewMs + again.commitMs;
  rows.push(
    {
      scenario: 'import',
      metric: '5,000-row CSV: preview',
      value: first.previewMs / 1000,
      unit: 's',
    },
    {
      scenario: 'import',
      metric: '5,000-row CSV: commit (1,000 new, 4,000 changed, 1,000 leaving)',
      value: first.commitMs / 1000,
      unit: 's',
    },
    {
      scenario: 'import',
      metric: '5,000-row CSV: preview + commit',
      value: total / 1000,
      unit: 's',
      floor: '≤ 3',
      ok: total <= 3000,
    },
    {
      scenario: 'import',
      metric: 'same file again (nothing changes): preview + commit',
      value: totalAgain / 1000,
      unit: 's',
      floor: '≤ 3',
      ok: totalAgain <= 3000,
    },
    { scenario: 'import', metric: 'peak RSS', value: peak / 2 ** 20, unit: 'MB' },
    ...(await refusalRows(s)),
  );
  await s.close();
}
