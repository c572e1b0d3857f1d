import { describe, expect, it } from '@jest/globals';
import { registerAjvFormats } from '@fastify/type-provider-typebox';
import { deflateRawSync } from 'node:zlib';
import { isEmail, parseDate, parseGender } from './cells.js';
import { detectColumns, fieldForHeader } from './columns.js';
import { detectDelimiter, parseCsv } from './csv.js';
import { sniff } from './sniff.js';
import { listEntries, readEntry, XLSX_ZIP_LIMITS } from './zip-guard.js';
import { buildZip } from '../../../test/fixtures/imports/zip.js';

registerAjvFormats();

describe('parseDate', () => {
  it.each([
    ['19/03/2012', '2012-03-19'],
    ['1-9-2012', '2012-09-01'],
    ['07.11.2011', '2011-11-07'],
    ['2012-02-29', '2012-02-29'],
    ['2012-02-29T00:00:00.000Z', '2012-02-29'],
    ['2012/2/3', '2012-02-03'],
    ['  ', null],
    ['31/02/2012', undefined],
    ['2011-02-29', undefined],
    ['19/03/12', undefined],
    ['03-19-2012', undefined],
    ['39162', undefined],
    ['morgen', undefined],
  ])('%j → %j', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });
});

describe('parseGender', () => {
  it.each([
    ['M', 'M'],
    ['v', 'V'],
    ['F', 'V'],
    ['H', 'M'],
    ['Féminin', 'V'],
    ['vrouw', 'V'],
    ['X', 'X'],
    ['', null],
    ['?', undefined],
    ['2', undefined],
  ])('%j → %j', (input, expected) => {
    expect(parseGender(input)).toBe(expected);
  });
});

describe('isEmail', () => {
  it('accepts addresses the API accepts and refuses others', () => {
    expect(isEmail('mama.daniels@telenet.be')).toBe(true);
    expect(isEmail('geen-mail')).toBe(false);
    expect(isEmail('a@b')).toBe(false);
    expect(isEmail(`${'a'.repeat(250)}@x.be`)).toBe(false);
  });
});

describe('fieldForHeader', () => {
  it.each([
    ['Stamnummer', 'stamnummer'],
    ['N° matricule', 'stamnummer'],
    ['Numéro matricule', 'stamnummer'],
    ['Student number', 'stamnummer'],
    ['Voornaam', 'firstName'],
    ['Prénom', 'firstName'],
    ['Familienaam', 'lastName'],
    ['NOM', 'lastName'],
    ['Administratieve groep', 'group'],
    ['Groupe', 'group'],
    ['Date de naissance', 'birthDate'],
    ['Ingeschreven tot', 'enrolledUntil'],
    ['Officiële voornaam', 'officialFirstName'],
    ['Officiële naam', 'officialLastName'],
    ['E-mail ouder 1', 'parentEmail1'],
    ['E-mailadres ouder 2', 'parentEmail2'],
    ['Email parent 2', 'parentEmail2'],
    ['Courriel responsable 1', 'parentEmail1'],
    ['Parent 2 e-mail', 'parentEmail2'],
    ['Adres', null],
    ['', null],
  ])('%j → %j', (header, field) => {
    expect(fieldForHeader(header)).toBe(field);
  });

  it('finds the header row below title lines', () => {
    const rows = [
      { number: 1, cells: ['Leerlingenlijst 2026-2027'] },
      { number: 3, cells: ['Stamnr', 'Naam', 'Voornaam', 'Klas', 'Telefoon'] },
      { number: 4, cells: ['1', 'Peeters', 'Emma', '1A', '0477'] },
    ];
    const plan = detectColumns(rows);
    expect(plan.headerRowIndex).toBe(1);
    expect(plan.byField).toEqual({ stamnummer: 0, lastName: 1, firstName: 2, group: 3 });
    expect(plan.columns[4]).toEqual({ index: 4, header: 'Telefoon', field: null });
  });
});

describe('CSV', () => {
  it.each([
    ['a;b;c\n1;2;3\n', ';'],
    ['a,b,c\n1,2,3\n', ','],
    ['a\tb\tc\n1\t2\t3\n', '\t'],
    ['Naam;Voornaam\n"Peeters, Jan";Emma\n"Claes, An";Lotte\n', ';'],
  ])('detects the delimiter of %j', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });

  it('keeps Excel row numbers across blank lines and marks an unclosed quote', () => {
    const { rows } = parseCsv('h1;h2\n\n1;"open\n2;b\n');
    expect(rows[0]).toMatchObject({ number: 1 });
    expect(rows[1]).toMatchObject({ number: 3, problem: 'unclosed_quote' });
  });
});

describe('sniff', () => {
  it('decodes UTF-8 with and without BOM, Windows-1252 and UTF-16', () => {
    expect(sniff(Buffer.from('\ufeffNaam;Zoë\n'))).toEqual({
      kind: 'text',
      text: 'Naam;Zoë\n',
      encoding: 'utf-8-bom',
    });
    expect(sniff(Buffer.from('Naam;Zoë\n'))).toMatchObject({
      encoding: 'utf-8',
      text: 'Naam;Zoë\n',
    });
    expect(sniff(Buffer.from([0x5a, 0x6f, 0xeb, 0x0a]))).toMatchObject({
      encoding: 'windows-1252',
      text: 'Zoë\n',
    });
    expect(
      sniff(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Zoë\tX', 'utf16le')])),
    ).toMatchObject({
      encoding: 'utf-16le',
      text: 'Zoë\tX',
    });
  });

  it.each([
    ['PDF', Buffer.from('%PDF-1.7\n')],
    ['.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])],
    ['HTML', Buffer.from('<html><table><tr><td>1</td></tr></table></html>')],
    ['binary', Buffer.from([0x41, 0x00, 0x42, 0x00])],
  ])('refuses %s', (what, buf) => {
    expect(() => sniff(buf)).toThrow(what);
  });
});

describe('zip guard', () => {
  it('reads a normal archive and inflates an entry to its declared size', () => {
    const zip = buildZip([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>'.repeat(100)) },
    ]);
    const [entry] = listEntries(zip, XLSX_ZIP_LIMITS);
    expect(entry).toMatchObject({ name: 'xl/workbook.xml', size: 1100, method: 8 });
    expect(readEntry(zip, entry!).toString()).toBe('<workbook/>'.repeat(100));
  });

  it('refuses too many entries before inflating anything', () => {
    const zip = buildZip(
      Array.from({ length: 600 }, (_, i) => ({ name: `f${i}`, data: Buffer.from('x') })),
    );
    expect(() => listEntries(zip, XLSX_ZIP_LIMITS)).toThrow('600 entries');
  });

  it('refuses a declared size over the cap before inflating anything', () => {
    const zip = buildZip([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('x'), declaredSize: 2 ** 31 },
    ]);
    expect(() => listEntries(zip, XLSX_ZIP_LIMITS)).toThrow('refused before unpacking');
  });

  it('cuts off an entry that inflates past the size it declares', () => {
    const big = Buffer.alloc(20 * 1024 * 1024, 0x41);
    const zip = buildZip([{ name: 'xl/sharedStrings.xml', data: big, declaredSize: 1000 }]);
    const [entry] = listEntries(zip, XLSX_ZIP_LIMITS);
    expect(() => readEntry(zip, entry!)).toThrow('inflates past its declared size');
  });

  it('is not fooled by a stored entry of the wrong size', () => {
    const compressed = deflateRawSync(Buffer.from('abc'));
    expect(compressed.length).toBeGreaterThan(0);
    const zip = buildZip([{ name: 'a', data: Buffer.from('abc'), declaredSize: 10, store: true }]);
    const [entry] = listEntries(zip, XLSX_ZIP_LIMITS);
    expect(() => readEntry(zip, entry!)).toThrow('size mismatch');
  });
});
