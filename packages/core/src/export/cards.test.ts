import { describe, expect, it } from '@jest/globals';
import { FIXTURE, manyAccounts, schoolOptions } from '../../test/export-fixtures.js';
import { boxesOnPage, inkInBand, qrMismatches, qrOf } from '../../test/label-check.js';
import {
  pdfImages,
  pdfPageSizes,
  pdfPages,
  pdfSource,
  pdfText,
  renderPage,
  squash,
} from '../../test/pdf-tools.js';
import { pictureById } from '../pictures/catalogue.js';
import { buildCardsPdf, CARD_SHEET } from './index.js';
import { sortAccounts } from './text.js';

const opts = await schoolOptions({
  now: new Date('2026-11-23T10:00:00Z'),
  // One run of cards: the positions below are counted from the first card.
  print: { groupPages: false },
});
const pdf = buildCardsPdf(FIXTURE, opts);

const MIN_PICTURE_PPI = 64 / (12 / 25.4); // a 64 px picture printed 12 mm wide

describe('buildCardsPdf', () => {
  it('puts 10 cards on each A4 page', () => {
    const sizes = pdfPageSizes(pdf);
    expect(sizes).toHaveLength(2);
    for (const s of sizes) expect([s.width, s.height]).toEqual([595.28, 841.89]);
    expect(pdfPageSizes(buildCardsPdf(manyAccounts(21), opts))).toHaveLength(3);
  });

  it('prints names, usernames, URLs and passwords, diacritics included', () => {
    const text = squash(pdfText(pdf));
    for (const a of FIXTURE) {
      for (const value of [a.firstName, a.lastName, a.group, a.username, a.url]) {
        expect(text).toContain(squash(value));
      }
      if (a.passwordKind === 'word') expect(text).toContain(`Wachtwoord:${a.password}`);
      if (a.passwordKind === 'temporary')
        expect(text).toContain(`Tijdelijkwachtwoord:${a.password}`);
      for (const id of a.pictures ?? []) expect(text).toContain(pictureById(id)!.names.nl);
    }
    expect(text).toContain('Tijdelijkwachtwoord:pgu9J7Zn');
    for (const word of [
      'Şükrü',
      'Yılmaz',
      'Łukasz',
      'Wójcik',
      'Ștefan',
      'Țăran',
      'Nguyễn',
      'Thị',
      'Ánh',
    ]) {
      expect(text).toContain(word);
    }
    expect(text).toContain('Gebruikersnaam:zoe.aerts');
    expect(text.match(/Schoolloket/g)?.length).toBe(FIXTURE.length);
  });

  it('keeps a card per account in group and name order', () => {
    const pages = pdfPages(pdf);
    const order = sortAccounts(FIXTURE, 'nl').map((a) => a.username);
    const found = order.map((u) =>
      pages.findIndex((p) => squash(p).includes(`Gebruikersnaam:${u}`)),
    );
    expect(found).toEqual(order.map((_, i) => Math.floor(i / 10)));
  });

  it('labels cards in French and English', () => {
    const fr = squash(pdfText(buildCardsPdf(FIXTURE, { ...opts, locale: 'fr' })));
    expect(fr).toContain("Nomd'utilisateur:zoe.aerts");
    expect(fr).toContain('Motdepassetemporaire:pgu9J7Zn');
    expect(fr).toContain('chien');
    const en = squash(pdfText(buildCardsPdf(FIXTURE, { ...opts, locale: 'en' })));
    expect(en).toContain('Username:zoe.aerts');
    expect(en).toContain('Temporarypassword:pgu9J7Zn');
    expect(en).toContain('Password:zal659');
  });

  it('draws every picture of a password at least 12 mm wide, each PNG embedded once', () => {
    const images = pdfImages(pdf).filter((i) => i.type === 'image');
    const drawn = FIXTURE.flatMap((a) => a.pictures ?? []);
    expect(images).toHaveLength(drawn.length);
    expect(new Set(images.map((i) => i.objectId)).size).toBe(new Set(drawn).size);
    for (const image of images) {
      expect(image.xPpi).toBeLessThanOrEqual(Math.ceil(MIN_PICTURE_PPI));
      expect(image.yPpi).toBeLessThanOrEqual(Math.ceil(MIN_PICTURE_PPI));
    }
  });

  it('draws one QR code with the personal URL on every card', () => {
    const sorted = sortAccounts(FIXTURE, 'nl');
    for (const page of [1, 2]) {
      const img = renderPage(pdf, page, 300);
      const onPage = sorted.slice((page - 1) * 10, page * 10);
      boxesOnPage(CARD_SHEET, 10).forEach((_, i) => {
        const account = onPage[i];
        const qr = qrOf(opts.assets, account ?? FIXTURE[0]!, i, 'cards');
        if (account) expect(qrMismatches(img, qr, account.url)).toBe(0);
        // An empty slot has no code: the area is blank.
        else
          expect(
            inkInBand(img, { ...qr, x: qr.x - 1, y: qr.y - 1, w: qr.w + 2, h: qr.h + 2 }, 0, 99),
          ).toBe(0);
      });
    }
  });

  it('keeps everything at least 4 mm inside each card; only the thin cut lines cross the edge', () => {
    const img = renderPage(pdf, 1, 150);
    for (const box of boxesOnPage(CARD_SHEET, 10)) expect(inkInBand(img, box, 0.5, 4)).toBe(0);
    // The cut lines are there: the pixel row on a card boundary has ink.
    const y = Math.floor(((CARD_SHEET.top + CARD_SHEET.height) / 25.4) * 150);
    const row = img.pixels.subarray(y * img.width, (y + 1) * img.width);
    // From 5 mm to 5 mm short of the paper edges: 200 of 210 mm.
    expect(row.filter((v) => v < 250).length).toBeGreaterThan(img.width * (199 / 210));
  });

  it('prints hostile names as text and contains nothing executable', () => {
    const hostile = FIXTURE.find((a) => a.username === 'hyperlink.sjavascript')!;
    const text = pdfText(pdf);
    expect(text).toContain(hostile.firstName);
    expect(text).toContain(hostile.lastName);
    const source = pdfSource(pdf);
    for (const key of [
      '/JavaScript',
      '/OpenAction',
      '/JS ',
      '/AA',
      '/Launch',
      '/URI',
      '/S /JavaScript',
    ]) {
      expect(source).not.toContain(key);
    }
  });

  it('drops control characters instead of cutting or breaking the text', () => {
    const [a] = FIXTURE;
    const weird = { ...a!, firstName: 'Zo\u0000ë\u0007\u202e', lastName: 'Ae\nrts\u0085x' };
    const text = pdfText(buildCardsPdf([weird], opts));
    expect(text).toContain('Zoë');
    expect(text).toContain('Ae rts x');
    expect(text).toContain('zoe.aerts');
  });

  it('embeds the DejaVu fonts', () => {
    const source = pdfSource(pdf);
    expect(source).toMatch(/\/BaseFont \/[A-Z]*\+?DejaVuSans\b/);
    expect(source).toMatch(/\/BaseFont \/[A-Z]*\+?DejaVuSans-Bold/);
    expect(source).toMatch(/\/BaseFont \/[A-Z]*\+?DejaVuSansMono/);
    expect(source).toContain('/FontFile2');
  });
});
