import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepLeftSpools } from './spool.js';

// The spool directories of killed processes are removed when a pool makes its own (found by an
// outside test: kill -9 during an export left its file in /tmp for good).

/** A process id that ran and ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('sweepLeftSpools', () => {
  it("removes a killed process's directory and an old unnamed one, keeps running ones", () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-sweep-'));
    const make = (name: string) => {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'file'), 'sealed');
      return name;
    };
    const dead = make(`schoolloket-exports-${deadPid()}-aaaaaa`);
    const own = make(`schoolloket-exports-${process.pid}-bbbbbb`);
    const parent = make(`schoolloket-exports-${process.ppid}-cccccc`);
    const oldUnnamed = make('schoolloket-exports-dddddd');
    const newUnnamed = make('schoolloket-exports-eeeeee');
    const other = make('something-else');
    const twoDaysAgo = (Date.now() - 48 * 3_600_000) / 1000;
    utimesSync(join(dir, oldUnnamed), twoDaysAgo, twoDaysAgo);

    expect(sweepLeftSpools(dir).sort()).toEqual([dead, oldUnnamed].sort());
    for (const kept of [own, parent, newUnnamed, other])
      expect(existsSync(join(dir, kept))).toBe(true);
    expect(existsSync(join(dir, dead))).toBe(false);
  });
});
