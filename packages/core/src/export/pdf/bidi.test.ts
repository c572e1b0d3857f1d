import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { loadExportAssets } from '../../node/index.js';
import { cleanText } from '../text.js';
import { hasRtl, shapeArabic, visualRuns, visualText, type Direction } from './bidi.js';
import { PdfCanvas, type FontKey } from './canvas.js';
import { flowParagraph, richText } from './flow.js';

let canvas: PdfCanvas;
beforeAll(async () => {
  canvas = new PdfCanvas(await loadExportAssets(), { title: 'bidi' });
});

const codes = (s: string): string =>
  [...s].map((c) => c.codePointAt(0)!.toString(16).padStart(4, '0')).join(' ');

const HEBREW = [...'אבגדהוזחטיכלמנסעפצקרשתךםןףץ'];
const ARABIC = [...'ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي'];
const LATIN = [...'abcdeéëijkloöuwzÅØŞĳ'];
const word = (letters: string[]): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...letters), { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
const words = (letters: string[]): fc.Arbitrary<string> =>
  fc.array(word(letters), { minLength: 1, maxLength: 4 }).map((a) => a.join(' '));

// What Chromium shows (DejaVu Sans, dir="auto" for a name on its own, "ltr" in a sentence),
// written out left to right.
const CASES: Array<[string, 'auto' | 'ltr', string]> = [
  ['שרה כהן', 'auto', 'ןהכ הרש'],
  ['Noa (נועה)', 'auto', 'Noa (העונ)'],
  ['Levi-לוי', 'auto', 'Levi-יול'],
  ['כהן 2', 'auto', '2 ןהכ'],
  ['(כהן)', 'auto', '(ןהכ)'],
  ['Voor de ouders van שרה כהן (3B)', 'ltr', 'Voor de ouders van ןהכ הרש (3B)'],
  ["שרה's username", 'ltr', "הרש's username"],
  ['Gebruikersnaam van שרה כהן: sara.cohen', 'ltr', 'Gebruikersnaam van ןהכ הרש: sara.cohen'],
  // Arabic in its joined forms: محمد is meem (initial), hah (medial), meem (medial), dal (final).
  ['محمد', 'auto', '\ufeaa\ufee4\ufea4\ufee3'],
  ['محمد 12', 'auto', '12 \ufeaa\ufee4\ufea4\ufee3'],
  ['Beste محمد,', 'ltr', 'Beste \ufeaa\ufee4\ufea4\ufee3,'],
  // lam-alef ligature; "الله" spelled out in joined letters (DejaVu has no U+FDF2).
  ['لا', 'auto', '\ufefb'],
  ['عبد الله', 'auto', '\ufeea\ufee0\ufedf\ufe8d \ufeaa\ufe92\ufecb'],
];

describe('visualText', () => {
  it.each(CASES)('%s (%s) is drawn as Chromium shows it', (text, dir, expected) => {
    expect(codes(visualText(text, dir))).toBe(codes(expected));
  });

  it('leaves text without a right-to-left letter unchanged (Latin, Greek, Cyrillic, Vietnamese …)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }).map(cleanText),
        fc.constantFrom('auto' as const, 'ltr' as const),
        (text, dir) => {
          fc.pre(!hasRtl(text));
          expect(visualText(text, dir)).toBe(text);
          const pieces = [{ text, tag: 'regular' }];
          expect(visualRuns(pieces, dir)).toEqual([{ text, tag: 'regular', rtl: false }]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('writes Hebrew words right to left, word order included', () => {
    fc.assert(
      fc.property(words(HEBREW), (text) => {
        expect(visualText(text)).toBe([...text].reverse().join(''));
      }),
    );
  });

  it('keeps a Latin or numeric part in reading order inside Hebrew, and the other way round', () => {
    fc.assert(
      fc.property(words(HEBREW), words(LATIN), fc.nat(999), (he, la, n) => {
        const rev = (s: string): string => [...s].reverse().join('');
        // Right-to-left paragraph: the Latin and the number keep their own order.
        expect(visualText(`${he} ${la}`, 'auto')).toBe(`${la} ${rev(he)}`);
        expect(visualText(`${he} ${n}`, 'auto')).toBe(`${n} ${rev(he)}`);
        // Left-to-right paragraph (a Dutch sentence): the Hebrew part reads right to left.
        expect(visualText(`${la} ${he} ${la}`, 'ltr')).toBe(`${la} ${rev(he)} ${la}`);
        // A number right after the Hebrew belongs to it (as in Chromium).
        expect(visualText(`${la} ${he} ${n}`, 'ltr')).toBe(`${la} ${n} ${rev(he)}`);
      }),
    );
  });

  it('loses no Arabic letter: each is drawn in a form DejaVu Sans and Sans Bold have', () => {
    fc.assert(
      fc.property(words(ARABIC), (text) => {
        const drawn = visualText(text);
        for (const font of ['regular', 'bold'] as FontKey[])
          expect(canvas.missing(drawn, font)).toBe('');
        // Only lam-alef becomes one glyph.
        const lamAlef = text.match(/ل[آأإا]/g)?.length ?? 0;
        expect(drawn.length).toBe(text.length - lamAlef);
        expect(shapeArabic(text)).not.toMatch(/[\u0621-\u064a]/);
      }),
    );
  });
});

describe('PdfCanvas with right-to-left text', () => {
  it('measures Arabic as drawn, in its joined forms', () => {
    const joined = canvas.width('\ufeaa\ufee4\ufea4\ufee3', 'bold', 10);
    expect(canvas.width('محمد', 'bold', 10)).toBeCloseTo(joined, 6);
    expect(canvas.width('محمد', 'bold', 10)).not.toBeCloseTo(canvas.width('م', 'bold', 40), 1);
  });
});

describe('flowParagraph with right-to-left text', () => {
  /** What a paragraph draws, line by line from left to right (a gap between pieces is a space). */
  function drawn(template: string, values: Record<string, string>, width = 170): string[] {
    type Call = { text: string; x: number; y: number; w: number; dir: Direction };
    const calls: Call[] = [];
    const spy = Object.create(canvas) as PdfCanvas;
    spy.text = (text, x, y, font, pt, _color, dir = 'auto') =>
      void calls.push({ text, x, y, w: canvas.width(text, font, pt, dir), dir });
    flowParagraph(spy, richText(template, values), 20, 20, width, 10.5);
    return [...new Set(calls.map((c) => c.y))].map((y) => {
      let line = '';
      let end = -Infinity;
      for (const c of calls.filter((k) => k.y === y).sort((a, b) => a.x - b.x)) {
        if (c.x > end + 0.01 && line !== '') line += ' ';
        line += visualText(c.text, c.dir);
        end = c.x + c.w;
      }
      return line;
    });
  }

  it('sets a Hebrew name inside a Dutch sentence right to left, in its place', () => {
    expect(
      drawn('Voor de ouders van **{fullName}** ({group})', { fullName: 'שרה כהן', group: '3B' }),
    ).toEqual(['Voor de ouders van ןהכ הרש (3B)']);
  });

  it('keeps a username in Latin after an Arabic name', () => {
    expect(
      drawn('Vul de gebruikersnaam van {child} in: **{username}**.', {
        child: 'محمد',
        username: 'mohammed.alali',
      }),
    ).toEqual(['Vul de gebruikersnaam van \ufeaa\ufee4\ufea4\ufee3 in: mohammed.alali.']);
  });
});
