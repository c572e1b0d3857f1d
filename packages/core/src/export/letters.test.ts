import { beforeAll, describe, expect, it } from '@jest/globals';
import { FIXTURE } from '../../test/export-fixtures.js';
import {
  pdfPageSizes,
  pdfPages,
  pdfSource,
  pdfText,
  renderPage,
  squash,
} from '../../test/pdf-tools.js';
import { qrMismatches } from '../../test/label-check.js';
import { loadExportAssets } from '../node/index.js';
import {
  buildParentLettersPdf,
  type ExportAssets,
  type LetterOptions,
  type LetterStudent,
} from './index.js';
import { LETTER_QR_SIZE } from './letters.js';

let opts: LetterOptions;
let assets: ExportAssets;
beforeAll(async () => {
  assets = await loadExportAssets();
  opts = {
    locale: 'nl',
    schoolName: 'Basisschool De Regenboog',
    productName: 'Schoolloket',
    portalUrl: 'https://schoolloket.example.be/co-account/activeren',
    helpdesk: 'helpdesk@regenboog.be',
    assets,
    now: new Date('2026-11-23T10:00:00Z'),
  };
});

const student = (s: Partial<LetterStudent> = {}): LetterStudent => ({
  firstName: 'Zoë',
  lastName: 'Aerts',
  group: '1A',
  username: 'zoe.aerts',
  ...s,
});

describe('buildParentLettersPdf', () => {
  it('prints one A4 page per student', () => {
    const pdf = buildParentLettersPdf(FIXTURE, opts);
    const sizes = pdfPageSizes(pdf);
    expect(sizes).toHaveLength(FIXTURE.length);
    for (const s of sizes) expect([s.width, s.height]).toEqual([595.28, 841.89]);
    const pages = pdfPages(pdf).map(squash);
    FIXTURE.forEach((a, i) => {
      expect(pages[i]).toContain(squash(a.username));
      expect(pages[i]).toContain(squash(a.firstName));
    });
  });

  it('explains the activation steps in Dutch with the username and the portal address', () => {
    const text = pdfText(buildParentLettersPdf([student()], opts));
    const flat = text.replace(/\s+/g, ' ');
    for (const words of [
      'Je co-account voor Schoolloket activeren',
      'Voor de ouders van Zoë Aerts (1A)',
      'Basisschool De Regenboog',
      'Stap 1',
      'Stap 2',
      'Stap 3',
      'Stap 4',
      // The same words as the portal's login screen (portal.login.forgot).
      'op het aanmeldscherm van Schoolloket op Wachtwoord vergeten? klikken',
      'e-mailadres',
      'ongewenste e-mail (spam)',
      'gebruikersovereenkomst',
      'Wachtwoord vergeten?',
      'helpdesk@regenboog.be',
    ])
      expect(flat).toContain(words);
    expect(squash(text)).toContain(squash(opts.portalUrl));
    expect(text.match(/zoe\.aerts/g)?.length).toBeGreaterThanOrEqual(3);
  });

  it("writes each family's letter in its language, else the school's", () => {
    const pdf = buildParentLettersPdf(
      [student({ locale: 'fr' }), student({ locale: 'en' }), student({ locale: 'nl' }), student()],
      { ...opts, locale: 'en' },
    );
    const [fr, en, nl, fallback] = pdfPages(pdf).map((p) => p.replace(/\s+/g, ' '));
    expect(fr).toContain('Activer votre co-compte Schoolloket');
    expect(fr).toContain('Étape 4');
    expect(fr).toContain('Mot de passe oublié');
    expect(en).toContain('Activate your Schoolloket co-account');
    expect(en).toContain('Step 3');
    expect(nl).toContain('Stap 2');
    expect(fallback).toContain('How to activate your co-account');
  });

  it('never prints a password, even when the caller passes whole accounts', () => {
    const pdf = buildParentLettersPdf(FIXTURE, opts);
    const text = pdfText(pdf);
    const source = pdfSource(pdf);
    for (const a of FIXTURE) {
      if (a.password) {
        expect(text).not.toContain(a.password);
        expect(source).not.toContain(a.password);
      }
    }
    expect(text).not.toMatch(/hond – |Tijdelijk wachtwoord:/);
    expect(text).toContain('Deze brief bevat geen wachtwoord.');
  });

  it('shows a QR code of the portal address', () => {
    const img = renderPage(buildParentLettersPdf([student()], opts), 1, 300);
    // The top edge of the code's top-left finder pattern is the first solid dark run of 4 mm
    // or more in the right half of the page (no letter has a stroke that long).
    const mm = (v: number): number => Math.round((v / 25.4) * img.dpi);
    const isDark = (x: number, y: number): boolean => (img.pixels[y * img.width + x] ?? 255) < 128;
    let corner: { x: number; y: number } | undefined;
    for (let y = mm(30); y < mm(250) && !corner; y++) {
      let run = 0;
      for (let x = mm(105); x < mm(200); x++) {
        run = isDark(x, y) ? run + 1 : 0;
        if (run === mm(4)) {
          const x0 = x - run + 1;
          corner = { x: ((x0 + 0.5) / img.dpi) * 25.4, y: ((y + 0.5) / img.dpi) * 25.4 };
          break;
        }
      }
    }
    expect(corner).toBeDefined();
    expect(
      qrMismatches(img, { ...corner!, w: LETTER_QR_SIZE, h: LETTER_QR_SIZE }, opts.portalUrl),
    ).toBe(0);
  });

  it('uses a fallback help line without a helpdesk', () => {
    const { helpdesk: _h, ...noDesk } = opts;
    const text = pdfText(buildParentLettersPdf([student()], noDesk)).replace(/\s+/g, ' ');
    expect(text).toContain('Neem contact op met het secretariaat van de school.');
  });

  it('prints hostile values as text and contains nothing executable', () => {
    const pdf = buildParentLettersPdf(
      [student({ firstName: '**x** {url}', lastName: ') /S /JavaScript\u0000' })],
      {
        ...opts,
        schoolName: '(/OpenAction)',
      },
    );
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('**x** {url} ) /S /JavaScript');
    expect(text).toContain('(/OpenAction)');
    const source = pdfSource(pdf);
    expect(source).not.toContain('/JavaScript');
    expect(source).not.toContain('/OpenAction');
  });
});
