import { describe, expect, it, jest } from '@jest/globals';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createPeerApp } from '../../test/harness.js';
import { sharedStringsWorkbook } from '../../test/fixtures/imports/zip.js';
import {
  expectRefusedUpload,
  importsWorld,
  schoolWithAdmin,
  upload,
} from '../../test/imports-support.js';
import { PARSE_POOL_OPTIONS, ParsePool, type ParsePoolOptions } from './parse-pool.js';
import { readTable } from './parse-worker.js';

// Found by an outside test: a real 20,000-row workbook was accepted, but reading it held the
// event loop for seconds, so every other request of every school waited. The file is now read
// in a worker thread (parse-pool.ts); the event loop only waits for its answer.

const { t, school, agent } = importsWorld();

const HEADER = [
  'Stamnummer',
  'Voornaam',
  'Achternaam',
  'Klas',
  'Geboortedatum',
  'E-mail ouder',
  'Straat',
  'Gemeente',
  'Telefoon',
  'Opmerking',
];
const COLUMNS = 'ABCDEFGHIJ';

/** A real-sized student list: `rows` students, every text in the shared strings as Excel saves. */
function studentList(rows: number): Buffer {
  const strings: string[] = [...HEADER];
  const cells = (r: number, texts: string[]) =>
    `<row r="${r}">${texts
      .map((text, i) => {
        strings.push(text);
        return `<c r="${COLUMNS[i]}${r}" t="s"><v>${strings.length - 1}</v></c>`;
      })
      .join('')}</row>`;
  const sheet = [`<worksheet><dimension ref="A1:J${rows + 1}"/><sheetData>`];
  sheet.push(
    `<row r="1">${HEADER.map((_, i) => `<c r="${COLUMNS[i]}1" t="s"><v>${i}</v></c>`).join('')}</row>`,
  );
  for (let i = 0; i < rows; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    sheet.push(
      cells(i + 2, [
        String(500_000 + i),
        `Voornaam${i}`,
        `Achternaam${i}`,
        `${(i % 6) + 1}${'ABCD'[i % 4]}`,
        `${day}/0${(i % 9) + 1}/2012`,
        `ouder${i}@example.be`,
        `Kerkstraat ${i}`,
        `${9000 + (i % 100)} Gent`,
        `09 ${String(1_000_000 + i)}`,
        `leerling ${i} van de lijst`,
      ]),
    );
  }
  sheet.push('</sheetData></worksheet>');
  const sst = `<sst count="${strings.length}" uniqueCount="${strings.length}">${strings
    .map((s) => `<si><t>${s}</t></si>`)
    .join('')}</sst>`;
  return sharedStringsWorkbook(sheet.join(''), sst);
}

/** An app on the same database whose parse pool is built with `options`. */
async function appWithPool(options: ParsePoolOptions) {
  Object.assign(PARSE_POOL_OPTIONS, options);
  try {
    return await createPeerApp(t);
  } finally {
    for (const key of Object.keys(options))
      delete PARSE_POOL_OPTIONS[key as keyof ParsePoolOptions];
  }
}

describe('POST /api/v1/institutions/:school.iid/imports reads the file off the event loop', () => {
  const file = studentList(20_000);

  it('keeps answering other requests while a 20,000-row workbook is read', async () => {
    // What reading this file costs when it is done on the event loop, as it was.
    const started = performance.now();
    const table = await readTable(file);
    const parseMs = performance.now() - started;
    expect(table.rows).toHaveLength(20_001);
    expect(parseMs).toBeGreaterThan(1000);

    // The event loop is watched while the pool reads the upload (from the hand-over to the rows
    // back). What follows (row checks, the plan, storing 20,000 items) is not the reading: on
    // PGlite, which runs on the event loop, storing alone holds it for a second or two.
    const delay = monitorEventLoopDelay({ resolution: 10 });
    const read = ParsePool.prototype.read;
    let readDoneAt = 0;
    let asked: Promise<{ status: number; doneAt: number }> | undefined;
    const spy = jest.spyOn(ParsePool.prototype, 'read').mockImplementation(async function (
      this: ParsePool,
      data: Buffer,
    ) {
      delay.enable();
      // Other requests, asked once the reading has started.
      asked = (async () => {
        const health = await t.request().get('/api/health');
        const students = await agent.get(`/api/v1/institutions/${school.iid}/students`);
        expect(students.status).toBe(200);
        return { status: health.status, doneAt: performance.now() };
      })();
      try {
        return await read.call(this, data);
      } finally {
        readDoneAt = performance.now();
        delay.disable();
      }
    });
    try {
      const res = await upload(agent, school.iid, file, 'leerlingen.xlsx');
      expect(res.status).toBe(201);
      expect(res.body.counts.create).toBe(20_000);
    } finally {
      spy.mockRestore();
    }
    const other = await asked!;
    expect(other.status).toBe(200);
    // Answered while the workbook was still being read.
    expect(other.doneAt).toBeLessThan(readDoneAt);
    // The longest the event loop was held meanwhile: far below what the reading alone held it for.
    expect(delay.max / 1e6).toBeLessThan(parseMs / 2);
  });

  it.each<[string, ParsePoolOptions, string]>([
    ['time', { timeoutMs: 1 }, 'niet op tijd ingelezen'],
    ['memory', { maxHeapMb: 16 }, 'meer geheugen dan toegestaan'],
  ])(
    'answers 503 with Retry-After and stores nothing when the reading runs out of %s',
    async (_, options, detail) => {
      const peer = await appWithPool(options);
      try {
        const other = await schoolWithAdmin(peer);
        const { res } = await expectRefusedUpload(
          { t, school: other, agent: other.agent },
          file,
          'leerlingen.xlsx',
          503,
          'unavailable',
          'preview_failed',
        );
        expect(res.headers['retry-after']).toBe('30');
        expect(res.body.detail).toContain(detail);
        expect(res.body.detail).toContain('er is niets bewaard');
      } finally {
        await peer.close();
      }
    },
  );
});
