import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every module specifier reachable from `entry` through relative imports. */
function imports(entry: string, seen = new Set<string>(), found = new Set<string>()): Set<string> {
  if (seen.has(entry)) return found;
  seen.add(entry);
  const source = readFileSync(entry, 'utf8');
  for (const m of source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/g)) {
    const spec = m[1]!;
    if (spec.startsWith('.'))
      imports(join(dirname(entry), spec.replace(/\.js$/, '.ts')), seen, found);
    else found.add(spec);
  }
  return found;
}

describe('entry points of @schoolloket/core', () => {
  it("'.' is light: no PDF, spreadsheet, zip or QR library, nothing Node-only", () => {
    const deps = [...imports(join(SRC, 'index.ts'))];
    for (const heavy of ['jspdf', 'xlsx', 'jszip', 'qrcode']) expect(deps).not.toContain(heavy);
    expect(deps.filter((d) => d.startsWith('node:'))).toEqual([]);
  });

  it("'./export' is isomorphic: builders only, nothing Node-only", () => {
    const deps = [...imports(join(SRC, 'export', 'index.ts'))];
    expect(deps.sort()).toEqual(['bidi-js', 'fflate', 'jspdf', 'qrcode', 'xlsx']);
  });

  it("'./node' reads from disk", () => {
    const deps = [...imports(join(SRC, 'node', 'index.ts'))];
    expect(deps).toContain('node:fs/promises');
    expect(deps).not.toContain('jspdf');
  });
});
