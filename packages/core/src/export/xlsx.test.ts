import { describe, expect, it } from '@jest/globals';
import JSZip from 'jszip';
import * as XLSX from 'xlsx';
import { account, FIXTURE, SCHOOL } from '../../test/export-fixtures.js';
import { buildAccountsXlsx, buildTableXlsx } from './index.js';
import type { ExportAccount } from './types.js';

const OPTS = SCHOOL;

function readSheet(file: Uint8Array): { ws: XLSX.WorkSheet; rows: string[][]; name: string } {
  const wb = XLSX.read(file, { type: 'array', cellFormula: true, cellStyles: true });
  const name = wb.SheetNames[0]!;
  const ws = wb.Sheets[name]!;
  const rows = XLSX.utils.sheet_to_json<string[]>(ws, { header: 1, raw: true, defval: '' });
  return { ws, rows, name };
}

describe('buildAccountsXlsx', () => {
  it('writes one row per account with the Dutch headers and values', () => {
    const { rows, name } = readSheet(buildAccountsXlsx(FIXTURE, OPTS));
    expect(name).toBe('Accounts');
    expect(rows[0]).toEqual([
      'Stamnummer',
      'Voornaam',
      'Naam',
      'Groep',
      'Gebruikersnaam',
      'Type',
      'Wachtwoord',
      'Persoonlijke URL',
    ]);
    expect(rows).toHaveLength(FIXTURE.length + 1);
    const zoe = rows.find((r) => r[4] === 'zoe.aerts');
    expect(zoe).toEqual([
      '00123',
      'Zoë',
      'Aerts',
      '1A',
      'zoe.aerts',
      'Basis',
      'hond – banaan – auto – zon – vis',
      'https://schoolloket.example.be/u/zoe.aerts',
    ]);
    expect(rows.find((r) => r[4] === 'stefan.taran')?.slice(1, 7)).toEqual([
      'Ștefan',
      'Țăran',
      '10de leerjaar',
      'stefan.taran',
      'Gevorderd',
      'd6qfRbh7',
    ]);
  });

  it('sorts by group, then last name, then first name, the Dutch way', () => {
    const { rows } = readSheet(buildAccountsXlsx(FIXTURE, OPTS));
    expect(rows.slice(1).map((r) => `${r[3]} | ${r[2]} | ${r[1]}`)).toEqual([
      '1A | ) /S /JavaScript | =HYPERLINK("x")',
      '1A | Aerts | Zoë',
      '1A | Ánh | Nguyễn Thị',
      '1A | Wójcik | Łukasz',
      '2e lj 3e gr Elektri.installatietechn.TSO | Van den Broeck-Vanderstraeten | Maximiliaan-Alexander',
      '4de leerjaar | Carabin | Süheda',
      '4de leerjaar | Ost | Olivia',
      '4de leerjaar | Özdemir | Ösgür',
      '4de leerjaar | Yılmaz | Şükrü',
      '6de leerjaar | Bogdan | Abdulghani',
      '10de leerjaar | Țăran | Ștefan',
    ]);
  });

  it('makes every cell a text cell, never a formula, even for a student named =HYPERLINK()', () => {
    const { ws } = readSheet(buildAccountsXlsx(FIXTURE, OPTS));
    const cells = Object.keys(ws).filter((k) => !k.startsWith('!'));
    expect(cells).toHaveLength((FIXTURE.length + 1) * 8);
    for (const ref of cells) {
      expect(ws[ref].t).toBe('s');
      expect(ws[ref].f).toBeUndefined();
    }
    const row = XLSX.utils
      .sheet_to_json<string[]>(ws, { header: 1 })
      .find((r) => r[4] === 'hyperlink.sjavascript');
    expect(row?.[1]).toBe('=HYPERLINK("x")');
  });

  it('never writes a formula element, and marks formula-like values as text for Excel', async () => {
    const hostile: ExportAccount[] = [
      account('=1+2', '+cmd|calc', '@SUM(A1)', 'x.y', 'word', '-2+3'),
      account('Tab', '\tLeading', 'G', 'a.b', 'word', 'abc123'),
    ];
    const zip = await JSZip.loadAsync(buildAccountsXlsx(hostile, OPTS));
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheet).not.toMatch(/<f[ >]/);
    expect(sheet).not.toMatch(/t="(str|inlineStr|n|b|e)"/);
    const styles = await zip.file('xl/styles.xml')!.async('string');
    expect(styles).toContain('quotePrefix="1"');
    // =1+2 (voornaam), +cmd|calc (naam), @SUM(A1) (groep), -2+3 (wachtwoord) are quoted.
    const quoted = [...sheet.matchAll(/<c r="([A-Z]+\d+)" s="2"/g)].map((m) => m[1]);
    expect(quoted.sort()).toEqual(['B2', 'C2', 'D2', 'G2'].sort());
  });

  it('has a bold, frozen header row, column widths and a filter', async () => {
    const file = buildAccountsXlsx(FIXTURE, OPTS);
    const zip = await JSZip.loadAsync(file);
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    const styles = await zip.file('xl/styles.xml')!.async('string');
    expect(sheet).toContain(
      '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>',
    );
    for (const col of 'ABCDEFGH') expect(sheet).toContain(`<c r="${col}1" s="1" t="s">`);
    expect(styles).toMatch(/<fonts count="2">.*<font><b\/>.*<\/fonts>/);
    expect(styles).toMatch(
      /<cellXfs count="3"><xf [^>]*\/><xf [^>]*fontId="1"[^>]*applyFont="1"\/>/,
    );
    expect(sheet).toContain('<autoFilter ref="A1:H12"/>');
    const { ws } = readSheet(file);
    const widths = (ws['!cols'] ?? []).map((c) => c.wch ?? Math.round((c.width ?? 0) - 0.7));
    expect(widths).toHaveLength(8);
    // The URL column is the widest, the type column narrow.
    expect(Math.max(...widths)).toBe(widths[7]);
    expect(widths[5]).toBeLessThan(15);
  });

  it('labels columns and types in French and English', () => {
    const fr = readSheet(buildAccountsXlsx(FIXTURE, { ...OPTS, locale: 'fr' }));
    expect(fr.rows[0]).toEqual([
      'Matricule',
      'Prénom',
      'Nom',
      'Groupe',
      "Nom d'utilisateur",
      'Type',
      'Mot de passe',
      'URL personnelle',
    ]);
    expect(fr.rows.find((r) => r[4] === 'zoe.aerts')?.slice(5, 7)).toEqual([
      'De base',
      'chien – banane – voiture – soleil – poisson',
    ]);
    const en = readSheet(buildAccountsXlsx(FIXTURE, { ...OPTS, locale: 'en' }));
    expect(en.rows[0]?.[1]).toBe('First name');
    expect(en.rows.find((r) => r[4] === 'stefan.taran')?.[5]).toBe('Advanced');
  });

  it('removes control and bidi characters from values', () => {
    const { rows } = readSheet(
      buildAccountsXlsx(
        [account('Ann\u0000a\u202e', 'De\nSmet', '1A\t', 'anna.desmet', 'word', 'zon123')],
        OPTS,
      ),
    );
    expect(rows[1]?.slice(1, 4)).toEqual(['Anna', 'De Smet', '1A']);
  });

  it('writes a header-only sheet for an empty selection', () => {
    expect(readSheet(buildAccountsXlsx([], OPTS)).rows).toHaveLength(1);
  });
});

describe('buildTableXlsx', () => {
  it('writes any number of text columns up to Z, formulas kept as quoted text', () => {
    const header = Array.from({ length: 10 }, (_, i) => `Kolom ${i + 1}`);
    const { ws, rows, name } = readSheet(
      buildTableXlsx({
        sheetName: 'Schooljaar',
        header,
        rows: () => [
          ['=1+1', '00123', 'Zoë'],
          ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'],
        ],
      }),
    );
    expect(name).toBe('Schooljaar');
    expect(rows[0]).toEqual(header);
    expect(rows[1]?.slice(0, 4)).toEqual(['=1+1', '00123', 'Zoë', '']);
    expect(rows[2]?.[9]).toBe('j');
    expect(ws['A2']?.f).toBeUndefined();
    expect(ws['!autofilter']?.ref).toBe('A1:J3');
  });

  it('refuses more columns than letters', () => {
    const header = Array.from({ length: 27 }, (_, i) => `c${i}`);
    expect(() => buildTableXlsx({ sheetName: 'x', header, rows: () => [] })).toThrow();
  });
});
