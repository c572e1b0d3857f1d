import { describe, expect, it } from '@jest/globals';
import { WORDS } from './words.js';

// Regression guard for the review: these must never come back.
const FORBIDDEN_WORDS = [
  'aap',
  'ezel',
  'koe',
  'rund',
  'varken',
  'kalf',
  'gans',
  'rat',
  'poes',
  'pot',
  'zak',
  'bil',
  'gat',
  'hol',
  'ton',
  'pinda',
  'tang',
  'buis',
  'mes',
  'bom',
  'pijl',
  'dood',
  'spin',
  'slang',
  'wolf',
  'heks',
  'spook',
  'god',
  'kerk',
  'engel',
  'kruis',
  'kerst',
  'sint',
  'piet',
  'ham',
  'spek',
  'bier',
  'wijn',
  'rook',
  'pijp',
  'pil',
  'zwart',
  'wit',
  'bruin',
  'dik',
  'dom',
  'gek',
  'lego',
  'mars',
  'cola',
  'spa',
  'puma',
  'lotus',
  'plop',
  'mini',
  'mama',
  'papa',
  'oma',
  'opa',
  'hel',
  'duivel',
  'bek',
  'lam',
  'rond',
];
// Not even inside another word.
const FORBIDDEN_FRAGMENTS = [
  'kut',
  'lul',
  'kak',
  'pik',
  'pis',
  'sex',
  'seks',
  'kont',
  'poep',
  'tiet',
  'hoer',
  'neuk',
  'fok',
  'nazi',
  'slet',
  'trut',
  'homo',
  'flik',
  'mof',
  'kanker',
  'tering',
  'tyfus',
  'moord',
  'lijk',
  'wiet',
  'fuck',
  'shit',
  'dick',
  'cock',
  'ass',
  'tit',
  'drol',
  'plas',
  'gek',
];

describe('WORDS', () => {
  it('has at least 500 unique words of 3-5 lowercase letters', () => {
    expect(WORDS.length).toBeGreaterThanOrEqual(500);
    expect(new Set(WORDS).size).toBe(WORDS.length);
    for (const w of WORDS) expect(w).toMatch(/^[a-z]{3,5}$/);
  });

  it('keeps out every word the review rejected', () => {
    const words = new Set(WORDS);
    for (const w of FORBIDDEN_WORDS) expect(words.has(w)).toBe(false);
    for (const w of WORDS) for (const f of FORBIDDEN_FRAGMENTS) expect(w).not.toContain(f);
  });

  it('is frozen so no caller can change the list at run time', () => {
    expect(Object.isFrozen(WORDS)).toBe(true);
  });
});
