import { describe, expect, it } from '@jest/globals';
import {
  type RandomSource,
  deterministicRandomForTests,
  randomIndices,
  randomInt,
  randomPick,
  secureRandom,
} from './random.js';

/** Hands out the given bytes in order, then fails: shows exactly which bytes were used. */
function scripted(bytes: number[]): RandomSource {
  let at = 0;
  return (buf) => {
    for (let i = 0; i < buf.length; i += 1) {
      if (at >= bytes.length) throw new Error('script exhausted');
      buf[i] = bytes[at++] as number;
    }
    return buf;
  };
}

describe('random', () => {
  it('rejects bytes from the incomplete top range instead of folding them (no modulo bias)', () => {
    // 256 % 56 = 32, so 224..255 would favour the first 32 symbols: they must be redrawn.
    expect(randomInt(56, scripted([224, 255, 3]))).toBe(3);
    expect(randomInt(56, scripted([223]))).toBe(223 % 56);
    expect(randomIndices(56, 3, scripted([250, 10, 20, 30]))).toEqual([10, 20, 30]);
  });

  it('uses two bytes for ranges above 256, big-endian', () => {
    // 65536 % 547 = 439: values from 65097 up are redrawn.
    expect(randomInt(547, scripted([0xff, 0xff, 0x01, 0x00]))).toBe(256 % 547);
  });

  it('is uniform for a range that does not divide 256', () => {
    const rng = deterministicRandomForTests(7);
    const counts = new Array<number>(3).fill(0);
    for (const i of randomIndices(3, 30_000, rng)) counts[i] = (counts[i] ?? 0) + 1;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(600);
  });

  it('draws from Web Crypto by default', () => {
    const a = randomIndices(1 << 20, 8);
    const b = randomIndices(1 << 20, 8, secureRandom);
    expect(a).not.toEqual(b);
    expect(randomPick(['x'])).toBe('x');
  });

  it('fails loudly on bad arguments or a broken source', () => {
    expect(() => randomInt(0)).toThrow(RangeError);
    expect(() => randomIndices(10, -1)).toThrow(RangeError);
    expect(() => randomPick([])).toThrow(RangeError);
    expect(() => randomInt(10, () => new Uint8Array(0))).toThrow(TypeError);
  });

  it('has a reproducible source for tests', () => {
    const a = randomIndices(1000, 5, deterministicRandomForTests(42));
    const b = randomIndices(1000, 5, deterministicRandomForTests(42));
    expect(a).toEqual(b);
  });
});
