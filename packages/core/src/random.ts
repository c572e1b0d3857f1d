/**
 * Fills `buf` with random bytes and returns it, with the contract of
 * `crypto.getRandomValues`. Injectable so tests can make generators deterministic.
 */
export type RandomSource = (buf: Uint8Array) => Uint8Array;

/** Cryptographically secure source; resolved per call so a missing Web Crypto fails loudly, not at import. */
export const secureRandom: RandomSource = (buf) => {
  const webCrypto = globalThis.crypto;
  if (webCrypto === undefined || typeof webCrypto.getRandomValues !== 'function') {
    throw new Error('Web Crypto (crypto.getRandomValues) is not available in this runtime');
  }
  return webCrypto.getRandomValues(buf);
};

// getRandomValues refuses more than 65,536 bytes per call.
const MAX_DRAW_BYTES = 65_536;

function draw(rng: RandomSource, length: number): Uint8Array {
  const buf = new Uint8Array(length);
  const out = rng(buf);
  if (!(out instanceof Uint8Array) || out.length !== length) {
    throw new TypeError('RandomSource must return a Uint8Array of the requested length');
  }
  return out;
}

function bytesFor(n: number): 1 | 2 | 3 | 4 {
  if (n <= 0x100) return 1;
  if (n <= 0x1_0000) return 2;
  if (n <= 0x100_0000) return 3;
  return 4;
}

/**
 * `count` integers uniform in [0, n). Rejection sampling: values in the incomplete top range
 * are discarded and redrawn, so no index is favoured (a plain modulo would be biased).
 */
export function randomIndices(
  n: number,
  count: number,
  rng: RandomSource = secureRandom,
): number[] {
  if (!Number.isSafeInteger(n) || n < 1 || n > 0x1_0000_0000) {
    throw new RangeError(`randomIndices: n must be an integer in 1..2^32, got ${n}`);
  }
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`randomIndices: count must be a non-negative integer, got ${count}`);
  }
  const width = bytesFor(n);
  const space = 2 ** (8 * width);
  const limit = space - (space % n);
  const result: number[] = [];
  while (result.length < count) {
    const wanted = Math.min(count - result.length, Math.floor(MAX_DRAW_BYTES / width));
    const bytes = draw(rng, wanted * width);
    for (let i = 0; i < bytes.length; i += width) {
      let value = 0;
      for (let b = 0; b < width; b += 1) value = value * 256 + (bytes[i + b] ?? 0);
      if (value < limit) result.push(value % n);
    }
  }
  return result;
}

/** One integer uniform in [0, n). */
export function randomInt(n: number, rng: RandomSource = secureRandom): number {
  return randomIndices(n, 1, rng)[0] as number;
}

/** Uniform choice from a non-empty list. */
export function randomPick<T>(items: readonly T[], rng: RandomSource = secureRandom): T {
  if (items.length === 0) throw new RangeError('randomPick: empty list');
  return items[randomInt(items.length, rng)] as T;
}

/**
 * Reproducible, NOT secure byte stream (sfc32) for tests and demo seeds only: the same seed
 * gives the same passwords. Never use it for credentials handed to people.
 */
export function deterministicRandomForTests(seed: number): RandomSource {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm-up so nearby seeds do not start with correlated output.
  for (let i = 0; i < 16; i += 1) next();
  return (buf) => {
    for (let i = 0; i < buf.length; i += 1) buf[i] = next() & 0xff;
    return buf;
  };
}
