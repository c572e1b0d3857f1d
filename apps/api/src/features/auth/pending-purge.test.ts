import { describe, expect, it } from '@jest/globals';
import { createAdmin } from '../../test/factories.js';
import { appForFile } from '../../test/per-file.js';

// The purge-sessions job also removes logins that stopped between the password and the second
// factor (login_pending, 5 minutes each), once they expired RETENTION_SESSIONS_DAYS (1) ago.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const t = appForFile();

const pendingIds = async () =>
  (await t.db.selectFrom('login_pending').select('id').orderBy('id').execute()).map((r) => r.id);

const counts = async (dryRun: boolean) => {
  const r = await t.app.scheduler.runByHand('purge-sessions', dryRun);
  return (r as { counts: Record<string, number> }).counts.pendingLogins;
};

describe('purge-sessions job: expired pending second-factor logins', () => {
  it('removes only rows that expired more than the retention ago, on a moving clock', async () => {
    const admin = await createAdmin(t.ctx);
    const now = t.clock.now.getTime();
    const row = (id: string, expiresInMs: number) => ({
      id,
      admin_user_id: admin.id,
      created_at: new Date(now + expiresInMs - 5 * MINUTE),
      expires_at: new Date(now + expiresInMs),
    });
    await t.db
      .insertInto('login_pending')
      .values([row('a-old', -2 * DAY), row('b-recent', -HOUR), row('c-live', 4 * MINUTE)])
      .execute();

    expect(await counts(true)).toBe(1);
    expect(await pendingIds()).toEqual(['a-old', 'b-recent', 'c-live']);
    expect(await counts(false)).toBe(1);
    expect(await pendingIds()).toEqual(['b-recent', 'c-live']);

    // A day later the one that expired an hour before is past the retention; the live one
    // expired only 23 h 56 min ago.
    t.clock.advance(DAY);
    expect(await counts(false)).toBe(1);
    expect(await pendingIds()).toEqual(['c-live']);
    t.clock.advance(5 * MINUTE);
    expect(await counts(false)).toBe(1);
    expect(await pendingIds()).toEqual([]);
  });
});
