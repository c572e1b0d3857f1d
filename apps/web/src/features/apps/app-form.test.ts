import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { changedFields, lines, uriListProblem, validName, validUrl } from './app-form';

describe('app form checks', () => {
  it('redirect addresses: https anywhere, http on this machine only, no credentials or fragment', () => {
    expect(validUrl('https://app.example.be/cb', false)).toBe(true);
    expect(validUrl('http://localhost:5173/cb', false)).toBe(true);
    expect(validUrl('http://127.0.0.1/cb', false)).toBe(true);
    expect(validUrl('http://app.example.be/cb', false)).toBe(false);
    expect(validUrl('https://user:pw@app.example.be/cb', false)).toBe(false);
    expect(validUrl('https://app.example.be/cb#x', false)).toBe(false);
    expect(validUrl('https://app.example.be/start#x', true)).toBe(true);
    expect(validUrl('javascript:alert(1)', false)).toBe(false);
    expect(validUrl('https://app.example.be/a b', false)).toBe(false);
  });

  it('lists: required, at most 10, the first bad line named', () => {
    expect(uriListProblem('', true)).toEqual({ key: 'uriRequired' });
    expect(uriListProblem('  \n ', false)).toBeNull();
    expect(uriListProblem(Array(11).fill('https://a.be/').join('\n'), false)).toEqual({
      key: 'tooMany',
    });
    expect(uriListProblem('https://a.be/\n\nftp://a.be/', true)).toEqual({
      key: 'uriInvalid',
      line: 2,
    });
  });

  it('names: control characters and more than 100 characters refused', () => {
    expect(validName('Bingel')).toBe(true);
    expect(validName('Bin\u0000gel')).toBe(false);
    expect(validName('x'.repeat(101))).toBe(false);
  });

  it('never throws, and a whitespace or control character anywhere refuses an address', () => {
    const control = fc.integer({ min: 0, max: 0x20 }).map((c) => String.fromCharCode(c));
    const url = fc
      .tuple(fc.webUrl(), control, fc.nat())
      .map(([u, c, at]) => u.slice(0, at % (u.length + 1)) + c + u.slice(at % (u.length + 1)));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), url), fc.boolean(), (s, fragment) => {
        const ok = validUrl(s, fragment);
        // eslint-disable-next-line no-control-regex -- the property is about control characters
        if (/[\s\u0000-\u001f]/.test(s)) expect(ok).toBe(false);
        expect(() => uriListProblem(s, true)).not.toThrow();
        for (const l of lines(s)) expect(l).toBe(l.trim());
      }),
    );
  });
});

describe('changedFields', () => {
  it('keeps only the fields whose value differs, arrays compared by content', () => {
    type Input = { name: string; redirectUris: string[]; groups: string[] | null };
    const app: Input = { name: 'A', redirectUris: ['https://a.example/cb'], groups: null };
    const body: Input = { ...app, groups: ['1A'] };
    expect(changedFields(app, body)).toEqual({ groups: ['1A'] });
    expect(changedFields(app, { ...app })).toEqual({});
  });
});
