import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodeMixed, decodeNotUtf8, decodeWindows1252 } from './mixed-decode.js';

const cp1252 = (text: string) =>
  Buffer.from(
    [...text].map((c) => {
      const code = c.codePointAt(0)!;
      if (code < 0x100 && !(code >= 0x80 && code < 0xa0)) return code;
      const map: Record<string, number> = { '€': 0x80, '‘': 0x91, '’': 0x92, '–': 0x96 };
      return map[c]!;
    }),
  );

// Letters of Windows-1252 that Belgian names use (é ë ï ç ô ü … and the typographic ’) and ASCII.
const latin1Name = fc.stringMatching(/^[A-Za-zÀ-ÿ '’-]{1,30}$/);

const isUtf8 = (buf: Buffer) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
};

describe('decodeMixed', () => {
  it('reads UTF-8 with a stray Windows-1252 byte as both (found by an outside test)', () => {
    const buf = Buffer.concat([Buffer.from('Zoë;Wójcik;Nguyễn\n', 'utf8'), cp1252('Café;Noël')]);
    expect(decodeMixed(buf)).toEqual({
      text: 'Zoë;Wójcik;Nguyễn\nCafé;Noël',
      utf8: 3,
      windows1252: 2,
    });
    expect(decodeNotUtf8(buf)).toEqual({
      text: 'Zoë;Wójcik;Nguyễn\nCafé;Noël',
      encoding: 'utf-8+windows-1252',
    });
  });

  it('reads a Windows-1252 file as Windows-1252 (the names Belgian Excel writes)', () => {
    fc.assert(
      fc.property(fc.array(latin1Name, { minLength: 1, maxLength: 20 }), (names) => {
        const text = names.join(';');
        const buf = cp1252(text);
        // (A file of ASCII, or one whose bytes happen to be valid UTF-8, is read as UTF-8 by
        // sniff before it gets here; one that is mostly such sequences, as mixed: the contract is
        // about the others, which is every real name list.)
        const { utf8, windows1252 } = decodeMixed(buf);
        fc.pre(!isUtf8(buf) && utf8 <= windows1252);
        expect(decodeNotUtf8(buf)).toEqual({ text, encoding: 'windows-1252' });
      }),
    );
  });

  it('a Windows-1252 file with a sequence that looks like UTF-8 still reads as Windows-1252', () => {
    // "è’’" is E8 92 92, a well-formed UTF-8 sequence (蒒); the file's other letters are not.
    const text = 'Hélène;è’’;Noël;Françoise';
    expect(decodeNotUtf8(cp1252(text))).toEqual({ text, encoding: 'windows-1252' });
  });

  it('reads any UTF-8 text as UTF-8, whatever single bytes sit between its lines', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ unit: 'grapheme' }), fc.integer({ min: 0x80, max: 0xff })), {
          maxLength: 10,
        }),
        (lines) => {
          // A byte that cannot start or continue a sequence here (followed by a newline).
          const buf = Buffer.concat(
            lines.flatMap(([text, byte]) => [
              Buffer.from(`${text}\n`, 'utf8'),
              Buffer.of(byte, 0x0a),
            ]),
          );
          const expected = lines
            .map(([text, byte]) => `${text}\n${decodeWindows1252(Uint8Array.of(byte))}\n`)
            .join('');
          expect(decodeMixed(buf).text).toBe(expected);
        },
      ),
    );
  });

  it("reads Windows-1252's own letters of 0x80–0x9F (D’Hondt, not a control character)", () => {
    expect(decodeMixed(cp1252('D’Hondt – 5€')).text).toBe('D’Hondt – 5€');
  });

  it('never reads overlong forms or surrogates as UTF-8', () => {
    for (const bytes of [
      [0xc0, 0xaf],
      [0xe0, 0x80, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
    ]) {
      const { text, utf8 } = decodeMixed(Uint8Array.from(bytes));
      expect(utf8).toBe(0);
      expect(text).toBe(decodeWindows1252(Uint8Array.from(bytes)));
    }
  });
});
