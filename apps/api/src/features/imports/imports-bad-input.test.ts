import { beforeAll, describe, expect, it } from '@jest/globals';
import { buildZip } from '../../test/fixtures/imports/zip.js';
import {
  csv,
  existingStudent,
  fixture,
  importsWorld,
  ZIP_LIMITS,
  snapshot,
  upload,
} from '../../test/imports-support.js';

// Every bad file gets a clear problem+json answer or a preview whose errors block the commit,
// and none of them writes anything to the school's students.

const { t, school, agent, expectRefused } = importsWorld();
beforeAll(async () => {
  // The details asserted below are the English ones (the default language is nl).
  agent.set('Accept-Language', 'en');
  await existingStudent(t, school.iid, 'daniels');
});

const base = () => `/api/v1/institutions/${school.iid}`;

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`;

const WORKBOOK =
  '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
  '<sheet name="Leerlingen" sheetId="1" r:id="rId1"/></sheets></workbook>';
const WORKBOOK_RELS =
  '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';

describe('POST /api/v1/institutions/:school.iid/imports with bad input', () => {
  it.each([
    ['an empty file', 'empty.csv', 422, 'empty_file'],
    ['a header without students', 'header-only.csv', 422, 'empty_file'],
    ['a PDF renamed to .xlsx', 'renamed-pdf.xlsx', 415, 'unsupported_file'],
    ['an Excel 97 .xls', 'excel-97.xls', 415, 'unsupported_file'],
    ['a PNG renamed to .csv', 'photo-renamed.csv', 415, 'unsupported_file'],
    ['a CSV with an unknown delimiter', 'pipe-delimited.csv', 422, 'columns_unrecognised'],
    ["another school's format", 'other-school-format.csv', 422, 'columns_unrecognised'],
  ])('refuses %s (%s) with %i %s', async (_what, file, status, code) => {
    await expectRefused(fixture(file), file, status, code);
  });

  it('says why an unknown delimiter gives no columns', async () => {
    const { res } = await expectRefused(
      fixture('pipe-delimited.csv'),
      'x.csv',
      422,
      'columns_unrecognised',
    );
    expect(res.body.detail).toContain('separated by another character');
    expect(res.body.columns).toEqual([
      expect.objectContaining({ index: 0, header: 'Stamnummer|Naam|Voornaam|Klas', field: null }),
    ]);
  });

  it('refuses an Excel 97 file with advice', async () => {
    const { res } = await expectRefused(fixture('excel-97.xls'), 'x.xls', 415, 'unsupported_file');
    expect(res.body.detail).toContain('Save it in Excel as .xlsx');
    // In the admin's language (found by an outside test: Dutch screens showed the English).
    const nl = await agent
      .post(`${base()}/imports`)
      .set('Accept-Language', 'nl')
      .attach('file', fixture('excel-97.xls'), 'x.xls');
    expect(nl.body.detail).toBe(
      'Dit bestand is een oud Excel 97-2003-bestand (.xls) of een ander Office-bestand, geen ' +
        'leerlingenlijst. Bewaar het in Excel als .xlsx of als CSV.',
    );
  });

  it('refuses other ZIP-based files', async () => {
    const docx = buildZip([
      { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
      { name: 'word/document.xml', data: Buffer.from('<w:document/>') },
    ]);
    const { res } = await expectRefused(docx, 'leerlingen.xlsx', 415, 'unsupported_file');
    expect(res.body.detail).toContain('Word document');
    await expectRefused(
      buildZip([{ name: 'a.txt', data: Buffer.from('x') }]),
      'x.xlsx',
      415,
      'unsupported_file',
    );
    await expectRefused(
      Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]),
      'x.xlsx',
      422,
      'unprocessable',
      'damaged_xlsx',
    );
  });

  it('refuses an XLSX zip bomb from its directory, before inflating', async () => {
    // 30 MB of zeros in a 30 kB entry: the ratio gives it away.
    const honest = buildZip([
      { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(30 * 1024 * 1024) },
    ]);
    expect(honest.length).toBeLessThan(100 * 1024);
    await expectRefused(honest, 'bom.xlsx', ...ZIP_LIMITS);
    // A directory that claims 2 GB.
    const huge = buildZip([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/sharedStrings.xml', data: Buffer.from('x'), declaredSize: 2 ** 31 },
    ]);
    await expectRefused(huge, 'bom.xlsx', ...ZIP_LIMITS);
    // Thousands of tiny entries.
    const many = buildZip(
      Array.from({ length: 5000 }, (_, i) => ({ name: `xl/f${i}.xml`, data: Buffer.from('x') })),
    );
    await expectRefused(many, 'bom.xlsx', ...ZIP_LIMITS);
  });

  it('stops inflating an entry that lies about its size', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const liar = buildZip([
      { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
      { name: 'xl/workbook.xml', data: Buffer.from(WORKBOOK) },
      { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(WORKBOOK_RELS) },
      {
        name: 'xl/worksheets/sheet1.xml',
        data: Buffer.alloc(40 * 1024 * 1024),
        declaredSize: 1000,
      },
    ]);
    const { res } = await expectRefused(liar, 'bom.xlsx', ...ZIP_LIMITS);
    expect(res.body.detail).toContain('xl/worksheets/sheet1.xml inflates past its declared size');
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses 100,000 rows with 413, without reading them all (its time: pnpm bench import)', async () => {
    const lines = ['Stamnummer;Naam;Voornaam;Klas'];
    for (let i = 0; i < 100_000; i++) lines.push(`${i};P;E;1`);
    const file = csv(lines);
    expect(file.length).toBeLessThan(5 * 1024 * 1024);
    const { res } = await expectRefused(
      file,
      'groot.csv',
      413,
      'payload_too_large',
      'too_many_rows',
    );
    expect(res.body.maxRows).toBe(20_000);
  });

  it('refuses a 100,000-row XLSX sheet before building it', async () => {
    const rows = Array.from(
      { length: 100_001 },
      (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i * 7919}</v></c></row>`,
    );
    const sheet = `<worksheet><dimension ref="A1:A100001"/><sheetData>${rows.join('')}</sheetData></worksheet>`;
    const file = buildZip([
      { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
      { name: 'xl/workbook.xml', data: Buffer.from(WORKBOOK) },
      { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(WORKBOOK_RELS) },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheet) },
    ]);
    await expectRefused(file, 'groot.xlsx', 413, 'payload_too_large', 'too_many_rows');
  });

  it('refuses a file over 5 MB while it streams in', async () => {
    const lines = ['Stamnummer;Naam;Voornaam;Klas;Adres'];
    for (let i = 0; i < 100_000; i++)
      lines.push(`${100000 + i};Peeters;Emma;1A;Kerkstraat ${i} bus 3, 9000 Gent`);
    const file = csv(lines);
    expect(file.length).toBeGreaterThan(5 * 1024 * 1024);
    await expectRefused(file, 'groot.csv', 413, 'payload_too_large', 'file_too_large');
  });

  it('answers 400 without a multipart file', async () => {
    const res = await agent.post(`${base()}/imports`).send({ file: 'Stamnummer;Naam' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.file');
    const other = await agent
      .post(`${base()}/imports`)
      .attach('document', fixture('eleves-utf8-bom.csv'), 'x.csv');
    expect(other.status).toBe(400);
  });
});

describe('row errors', () => {
  async function previewWithErrors(file: Buffer) {
    const res = await upload(agent, school.iid, file);
    expect(res.status).toBe(201);
    expect(res.body.canCommit).toBe(false);
    const before = await snapshot(t.db, school.iid);
    const commit = await agent.post(`${base()}/imports/${res.body.id}/commit`).send({});
    expect(commit.status).toBe(422);
    expect(commit.body.code).toBe('import_has_errors');
    expect(await snapshot(t.db, school.iid)).toBe(before);
    return res.body;
  }

  it('lists every problem with row, column and reason, and blocks the commit', async () => {
    const body = await previewWithErrors(fixture('duplicates-and-errors.csv'));
    const errors = body.errors.map(
      (e: { row: number; error: { column: string; code: string } }) => [
        e.row,
        e.error.column,
        e.error.code,
      ],
    );
    expect(errors).toEqual([
      [3, 'Stamnummer', 'duplicate_stamnummer'],
      [4, 'Stamnummer', 'required'],
      [5, 'Geboortedatum', 'invalid_date'],
      [6, 'E-mail ouder 1', 'invalid_email'],
      [7, 'Naam', 'control_characters'],
      [8, 'Stamnummer', 'invalid_stamnummer'],
    ]);
    expect(body.errors[0].error.message).toContain('rij 2');
    expect(body.errors[2].error.value).toBe('31/02/2012');
    expect(body.counts).toMatchObject({ errors: 6, create: 1 });
    // The school's own student is not in this file: listed as leaving, but nothing happens.
    expect(body.counts.leaving).toBe(1);
  });

  it('reports a stray quote on its row', async () => {
    const body = await previewWithErrors(fixture('stray-quotes.csv'));
    expect(body.errors).toEqual([
      expect.objectContaining({
        row: 3,
        kind: 'error',
        error: expect.objectContaining({ code: 'unclosed_quote' }),
      }),
    ]);
    // The swallowed row 4 is not silently dropped: the commit is blocked as a whole.
    expect(body.counts.create).toBe(0);
  });

  it('reports a row with more cells than the header', async () => {
    const body = await previewWithErrors(
      csv(['Stamnummer;Naam;Voornaam', '1;Peeters;Emma', '2;Van;Damme;Jan']),
    );
    expect(body.errors).toEqual([
      expect.objectContaining({ row: 3, error: expect.objectContaining({ code: 'extra_cells' }) }),
    ]);
  });

  it('reports missing names, unknown genders and over-long values', async () => {
    const body = await previewWithErrors(
      csv([
        'Stamnummer;Naam;Voornaam;Geslacht;Klas',
        `1;;Emma;V;1A`,
        `2;Peeters;Noah;?;1A`,
        `3;Peeters;${'x'.repeat(101)};M;1A`,
        `4;Peeters;Lotte;V;${'k'.repeat(101)}`,
      ]),
    );
    expect(
      body.errors.map((e: { row: number; error: { field: string; code: string } }) => [
        e.row,
        e.error.field,
        e.error.code,
      ]),
    ).toEqual([
      [2, 'lastName', 'required'],
      [3, 'gender', 'invalid_gender'],
      [4, 'firstName', 'too_long'],
      [5, 'group', 'too_long'],
    ]);
  });
});
