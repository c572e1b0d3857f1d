import { describe, expect, it } from '@jest/globals';
import {
  UsernameExhaustedError,
  resolveUsername,
  usernameCandidate,
  usernameCandidatePrefix,
  usernameCounterOf,
} from './candidates.js';

/** The never-reused registry of the API, in memory. */
function registry(...issued: string[]) {
  const taken = new Set(issued);
  const asked: string[] = [];
  return {
    taken,
    asked,
    isTaken: async (candidate: string) => {
      asked.push(candidate);
      return taken.has(candidate);
    },
  };
}

const B48 = `${'a'.repeat(20)}.${'b'.repeat(27)}`; // 48 characters

describe('usernameCandidate', () => {
  it('counts base, base2, base3, …', () => {
    expect(usernameCandidate('emma.peeters', 1)).toBe('emma.peeters');
    expect(usernameCandidate('emma.peeters', 2)).toBe('emma.peeters2');
    expect(usernameCandidate('emma.peeters', 137)).toBe('emma.peeters137');
  });

  it('cuts the base so base + counter stays within 50', () => {
    expect(B48.length).toBe(48);
    expect(usernameCandidate(B48, 99)).toBe(`${B48}99`);
    expect(usernameCandidate(B48, 100)).toBe(`${B48.slice(0, 47)}100`);
    expect(usernameCandidate(B48, 100)).toHaveLength(50);
    expect(usernameCandidate(B48, Number.MAX_SAFE_INTEGER)).toHaveLength(50);
  });

  it('never leaves a separator before the counter', () => {
    const base = `${'a'.repeat(48)}.b`;
    expect(usernameCandidate(base, 2)).toBe(`${'a'.repeat(48)}2`);
    expect(usernameCandidate('ab-c', 2)).toBe('ab-c2');
  });

  it('rejects bad bases and counters loudly', () => {
    expect(() => usernameCandidate('Emma', 1)).toThrow(TypeError);
    expect(() => usernameCandidate('x', 1)).toThrow(TypeError);
    expect(() => usernameCandidate('emma', 0)).toThrow(RangeError);
    expect(() => usernameCandidate('emma', 1.5)).toThrow(RangeError);
  });
});

describe('usernameCounterOf / usernameCandidatePrefix', () => {
  it('recovers the counter, also for cut bases and bases ending in digits', () => {
    expect(usernameCounterOf('emma.peeters', 'emma.peeters')).toBe(1);
    expect(usernameCounterOf('emma.peeters', 'emma.peeters12')).toBe(12);
    expect(usernameCounterOf('emma.peeters', 'emma.peeters.12')).toBeNull();
    expect(usernameCounterOf('emma.peeters', 'emma.peeters01')).toBeNull();
    expect(usernameCounterOf('emma.peeters', 'emma.peeter2')).toBeNull();
    expect(usernameCounterOf('jan2', 'jan22')).toBe(2);
    expect(usernameCounterOf(B48, usernameCandidate(B48, 1234))).toBe(1234);
  });

  it('gives a prefix every candidate starts with', () => {
    const prefix = usernameCandidatePrefix(B48);
    for (const n of [1, 2, 99, 100, 123456, Number.MAX_SAFE_INTEGER]) {
      expect(usernameCandidate(B48, n).startsWith(prefix)).toBe(true);
    }
  });
});

describe('resolveUsername', () => {
  it('returns the base when it was never issued', async () => {
    const r = registry('emma.janssens');
    await expect(resolveUsername('emma.peeters', r.isTaken)).resolves.toEqual({
      username: 'emma.peeters',
      counter: 1,
    });
  });

  it('skips every username ever issued', async () => {
    const r = registry('emma.peeters', 'emma.peeters2', 'emma.peeters3', 'emma.peeters5');
    await expect(resolveUsername('emma.peeters', r.isTaken)).resolves.toEqual({
      username: 'emma.peeters4',
      counter: 4,
    });
    expect(r.asked).toEqual(['emma.peeters', 'emma.peeters2', 'emma.peeters3', 'emma.peeters4']);
  });

  it('hands out distinct names to a batch of namesakes', async () => {
    const r = registry();
    const issued: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const { username } = await resolveUsername('lucas.maes', r.isTaken);
      r.taken.add(username);
      issued.push(username);
    }
    expect(new Set(issued).size).toBe(12);
    expect(issued.slice(0, 3)).toEqual(['lucas.maes', 'lucas.maes2', 'lucas.maes3']);
    expect(issued[11]).toBe('lucas.maes12');
  });

  it('keeps base + counter within 50 while counting past a cut', async () => {
    const taken = Array.from({ length: 120 }, (_, i) => usernameCandidate(B48, i + 1));
    const r = registry(...taken);
    const { username, counter } = await resolveUsername(B48, r.isTaken);
    expect(counter).toBe(121);
    expect(username).toBe(`${B48.slice(0, 47)}121`);
    expect(username).toHaveLength(50);
  });

  it('starts after a lost race (unique violation) with startAt', async () => {
    const r = registry('emma.peeters');
    const first = await resolveUsername('emma.peeters', r.isTaken);
    // another transaction inserts the same name before ours commits
    r.taken.add(first.username);
    const retry = await resolveUsername('emma.peeters', r.isTaken, { startAt: first.counter + 1 });
    expect(retry).toEqual({ username: 'emma.peeters3', counter: 3 });
  });

  it('gives up with a typed error after maxTries', async () => {
    const r = registry('ab.cd', 'ab.cd2', 'ab.cd3');
    const attempt = resolveUsername('ab.cd', r.isTaken, { maxTries: 3 });
    await expect(attempt).rejects.toBeInstanceOf(UsernameExhaustedError);
    await expect(resolveUsername('ab.cd', r.isTaken, { maxTries: 3 })).rejects.toMatchObject({
      code: 'username_exhausted',
    });
  });

  it('refuses a base that is not canonical', async () => {
    await expect(resolveUsername('Emma.Peeters', async () => false)).rejects.toThrow(TypeError);
  });
});
