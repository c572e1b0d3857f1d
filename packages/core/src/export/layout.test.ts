import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { loadExportAssets } from '../node/index.js';
import { PICTURES } from '../pictures/catalogue.js';
import { PdfCanvas } from './pdf/canvas.js';
import type { Measure } from './pdf/fit.js';
import { layoutLabel, type Box, type LabelContent, type LabelItem } from './pdf/label-layout.js';
import {
  CARD_METRICS,
  CARD_SHEET,
  labelBox,
  labelInsets,
  SAFE_MARGIN,
  STICKER_METRICS,
  STICKER_SHEET,
} from './pdf/sheets.js';
import { cleanText } from './text.js';

let measure: Measure;
beforeAll(async () => {
  const canvas = new PdfCanvas(await loadExportAssets(), { title: 'measure' });
  measure = canvas.width.bind(canvas);
});

const EPS = 1e-6;
const inside = (item: Box, box: Box): boolean =>
  item.x >= box.x - EPS &&
  item.y >= box.y - EPS &&
  item.x + item.w <= box.x + box.w + EPS &&
  item.y + item.h <= box.y + box.h + EPS;
const overlap = (a: Box, b: Box): boolean =>
  Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > 0.01 &&
  Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > 0.01;

const name = fc
  .oneof(
    fc.constantFrom(
      'Zoë',
      'Maximiliaan-Alexander',
      'Van den Broeck-Vanderstraeten',
      'Şükrü',
      'Nguyễn Thị Ánh',
      'Ø',
      '',
    ),
    fc.string({ maxLength: 120 }),
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    fc
      .array(fc.constantFrom('Jean', 'Pierre', 'Van', 'der', 'Auwera-', 'Wwwwwwwwww'), {
        maxLength: 12,
      })
      .map((w) => w.join(' ')),
  )
  .map(cleanText);
const username = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{1,48}[a-z0-9]$/);
const content = fc.record({
  productName: fc.constantFrom('Schoolloket', 'LeerID'),
  group: name,
  firstName: name,
  lastName: name,
  username,
  kind: fc.constantFrom('picture', 'word', 'temporary'),
  password: fc.stringMatching(/^[A-Za-z0-9]{6,11}$/),
  pictures: fc.array(fc.constantFrom(...PICTURES), { minLength: 4, maxLength: 8 }),
  locale: fc.constantFrom('nl', 'fr', 'en'),
});

function toLabel(c: typeof content extends fc.Arbitrary<infer T> ? T : never): LabelContent {
  return {
    productName: c.productName,
    group: c.group,
    firstName: c.firstName,
    lastName: c.lastName,
    url: `https://schoolloket.example.be/u/${c.username}`,
    usernameLabel: 'Gebruikersnaam:',
    username: c.username,
    passwordLabel: c.kind === 'temporary' ? 'Tijdelijk wachtwoord:' : 'Mot de passe\u00a0:',
    password: c.kind === 'picture' ? undefined : c.password,
    pictures:
      c.kind === 'picture'
        ? c.pictures.map((p) => ({ id: p.id, name: p.names[c.locale] }))
        : undefined,
  };
}

describe.each([
  ['card', CARD_SHEET, CARD_METRICS],
  ['sticker', STICKER_SHEET, STICKER_METRICS],
] as const)('layoutLabel (%s)', (_, sheet, metrics) => {
  it('keeps everything inside the padding and 5 mm from the paper edge, without overlaps, for any names', () => {
    fc.assert(
      fc.property(
        content,
        fc.integer({ min: 0, max: sheet.columns * sheet.rows - 1 }),
        (c, slot) => {
          const box = labelBox(sheet, slot);
          const insets = labelInsets(box, metrics.padding);
          const inner = {
            x: box.x + insets.left,
            y: box.y + insets.top,
            w: box.w - insets.left - insets.right,
            h: box.h - insets.top - insets.bottom,
          };
          expect(
            Math.min(insets.left, insets.right, insets.top, insets.bottom),
          ).toBeGreaterThanOrEqual(metrics.padding);
          const safe = {
            x: SAFE_MARGIN,
            y: SAFE_MARGIN,
            w: 210 - 2 * SAFE_MARGIN,
            h: 297 - 2 * SAFE_MARGIN,
          };
          const items = layoutLabel(measure, toLabel(c), box, metrics, insets);
          const visible = items.filter((it) => it.kind !== 'text' || it.text !== '');
          for (const item of visible) {
            expect(inside(item, inner)).toBe(true);
            expect(inside(item, safe)).toBe(true);
          }
          for (let i = 0; i < visible.length; i++) {
            for (let j = i + 1; j < visible.length; j++) {
              if (overlap(visible[i]!, visible[j]!)) {
                throw new Error(
                  `overlap: ${JSON.stringify(visible[i])} / ${JSON.stringify(visible[j])}`,
                );
              }
            }
          }
          expect(items.filter((it) => it.kind === 'qr')).toHaveLength(1);
          const pictures = items.filter(
            (it): it is Extract<LabelItem, { kind: 'picture' }> => it.kind === 'picture',
          );
          expect(pictures).toHaveLength(c.kind === 'picture' ? c.pictures.length : 0);
          for (const p of pictures) expect(p.w).toBeGreaterThanOrEqual(metrics.pictureMin - EPS);
          // No text below the minimum size, except the small print under the pictures.
          const rowTop = Math.min(Infinity, ...pictures.map((p) => p.y + p.h));
          for (const t of items) {
            if (t.kind !== 'text') continue;
            expect(t.pt).toBeGreaterThanOrEqual(t.y >= rowTop ? 3.5 : metrics.minPt - EPS);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never cuts the username or the password, however long the names and the username', () => {
    const wide = fc.oneof(
      fc.constant('wwwwwwwwwwwwwwwwwwwwwwww.mmmmmmmmmmmmmmmmmmmmmmmmm'),
      fc.stringMatching(/^[wm][wm.]{30,48}[wm]$/),
      username,
    );
    fc.assert(
      fc.property(content, wide, fc.nat(sheet.columns * sheet.rows - 1), (c, u, slot) => {
        const label = toLabel({ ...c, username: u });
        const items = layoutLabel(measure, label, labelBox(sheet, slot), metrics);
        const printed = items.map((it) => (it.kind === 'text' ? it.text : '\n')).join('');
        expect(printed).toContain(u);
        if (label.password !== undefined) expect(printed).toContain(label.password);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the QR code large enough to scan', () => {
    fc.assert(
      fc.property(content, (c) => {
        const qr = layoutLabel(measure, toLabel(c), labelBox(sheet, 0), metrics).find(
          (it) => it.kind === 'qr',
        )!;
        expect(qr.w).toBeGreaterThanOrEqual(16);
      }),
      { numRuns: 100 },
    );
  });
});
