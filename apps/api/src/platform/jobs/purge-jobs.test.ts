import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createAdmin, createInstitution } from '../../test/factories.js';
import { appForFile } from '../../test/per-file.js';

// Every purge job: a dry run counts and changes nothing, a run removes only what is old enough.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const t = appForFile();

describe('purge jobs', () => {
  it('remove only rows past their retention; a dry run counts the same and removes nothing', async () => {
    const now = t.clock.now;
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const school = await createInstitution(t.ctx);
    const admin = await createAdmin(t.ctx, { institutionId: school.id });

    // Sessions: one expired 2 days ago, one idle for 2 days, one alive.
    await t.db
      .insertInto('sessions')
      .values([
        {
          id: `old-${randomUUID()}`,
          kind: 'admin',
          admin_user_id: admin.id,
          created_at: ago(3 * DAY),
          last_seen_at: ago(2 * DAY),
          expires_at: ago(2 * DAY),
        },
        {
          id: `idle-${randomUUID()}`,
          kind: 'admin',
          admin_user_id: admin.id,
          created_at: ago(2 * DAY),
          last_seen_at: ago(2 * DAY),
          expires_at: ago(-HOUR),
        },
        {
          id: `alive-${randomUUID()}`,
          kind: 'admin',
          admin_user_id: admin.id,
          created_at: now,
          last_seen_at: now,
          expires_at: ago(-HOUR),
        },
      ])
      .execute();
    // Links: used 40 days ago, expired 40 days ago, open.
    const link = (hash: string, v: { used?: Date; expires: Date; created: Date }) => ({
      token_hash: hash,
      purpose: 'admin_reset',
      admin_user_id: admin.id,
      email: admin.email,
      created_at: v.created,
      expires_at: v.expires,
      used_at: v.used ?? null,
    });
    await t.db
      .insertInto('tokens')
      .values([
        link(`h1-${randomUUID()}`, {
          used: ago(40 * DAY),
          expires: ago(39 * DAY),
          created: ago(40 * DAY),
        }),
        link(`h2-${randomUUID()}`, { expires: ago(40 * DAY), created: ago(41 * DAY) }),
        link(`h3-${randomUUID()}`, { expires: ago(-HOUR), created: now }),
      ])
      .execute();
    // Throttles: quiet for 2 days; failing now.
    await t.db
      .insertInto('login_throttles')
      .values([
        {
          key: `n:old-${randomUUID()}`,
          window_started_at: ago(2 * DAY),
          last_failure_at: ago(2 * DAY),
        },
        { key: `n:new-${randomUUID()}`, window_started_at: now, last_failure_at: now },
      ])
      .execute();
    // API key request counters: a window begun 2 days ago (a revoked key), one now.
    await t.db
      .insertInto('request_windows')
      .values([
        { key: `apikey:${randomUUID()}`, window_started_at: ago(2 * DAY), used: 3, lease: 1 },
        { key: `apikey:${randomUUID()}`, window_started_at: now, used: 3, lease: 1 },
      ])
      .execute();
    // Outbox: sent 8 days ago, failed 8 days ago, sent now, pending.
    const mail = (v: { sent?: Date; failed?: Date }) => ({
      template: 'test',
      recipient: 'x@example.be',
      message_enc: null,
      next_attempt_at: now,
      created_at: ago(9 * DAY),
      sent_at: v.sent ?? null,
      failed_at: v.failed ?? null,
    });
    await t.db
      .insertInto('outbox')
      .values([
        mail({ sent: ago(8 * DAY) }),
        mail({ failed: ago(8 * DAY) }),
        mail({ sent: now }),
        mail({}),
      ])
      .execute();
    // Idempotency keys: expired, still valid.
    const key = (k: string, expires: Date) => ({
      institution_id: school.id,
      key: k,
      request_hash: 'h',
      state: 'done' as const,
      created_at: ago(DAY + HOUR),
      expires_at: expires,
    });
    await t.db
      .insertInto('idempotency_keys')
      .values([key(`old-${randomUUID()}`, ago(HOUR)), key(`new-${randomUUID()}`, ago(-HOUR))])
      .execute();
    // Imports: committed 40 days ago, an unused preview of 40 days, a fresh preview.
    const imp = async (v: {
      status: 'previewed' | 'committed';
      created: Date;
      committed?: Date;
    }) => {
      const row = await t.db
        .insertInto('imports')
        .values({
          institution_id: school.id,
          source: 'upload',
          status: v.status,
          format: 'csv',
          counts: '{}',
          leavers_end_date: null,
          actor_kind: 'admin',
          created_at: v.created,
          committed_at: v.committed ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db
        .insertInto('import_items')
        .values(
          [1, 2].map((seq) => ({
            import_id: row.id,
            seq,
            kind: 'create' as const,
            data: '{"firstName":"Zoë"}',
          })),
        )
        .execute();
      return row.id;
    };
    const committed = await imp({
      status: 'committed',
      created: ago(41 * DAY),
      committed: ago(40 * DAY),
    });
    const unused = await imp({ status: 'previewed', created: ago(40 * DAY) });
    const fresh = await imp({ status: 'previewed', created: now });

    const expected = {
      'purge-sessions': { adminSessions: 2, portalSessions: 0, pendingLogins: 0 },
      'purge-links': { links: 2 },
      'purge-throttles': { throttles: 1, requestCounters: 1 },
      'purge-outbox': { mails: 2 },
      'purge-idempotency': { idempotencyKeys: 1 },
      'purge-imports': { importItems: 4, previewsClosed: 1 },
    };
    for (const [name, counts] of Object.entries(expected)) {
      expect(await t.app.scheduler.runByHand(name, true)).toMatchObject({ counts });
    }
    // Nothing changed by the dry runs: the same counts again, for real.
    for (const [name, counts] of Object.entries(expected)) {
      expect(await t.app.scheduler.runByHand(name, false)).toMatchObject({ dryRun: false, counts });
    }
    for (const [name] of Object.entries(expected)) {
      const again = await t.app.scheduler.runByHand(name, true);
      expect(Object.values((again as { counts: Record<string, number> }).counts)).toEqual(
        Object.values(expected[name as keyof typeof expected]).map(() => 0),
      );
    }
    const sessions = await t.db
      .selectFrom('sessions')
      .select('id')
      .where('admin_user_id', '=', admin.id)
      .execute();
    expect(sessions.map((s) => s.id.split('-')[0])).toEqual(['alive']);
    expect(
      await t.db
        .selectFrom('tokens')
        .select('token_hash')
        .where('admin_user_id', '=', admin.id)
        .execute(),
    ).toHaveLength(1);
    const imports = await t.db
      .selectFrom('imports')
      .select(['id', 'status'])
      .where('institution_id', '=', school.id)
      .execute();
    expect(imports).toHaveLength(3);
    expect(imports.find((i) => i.id === unused)!.status).toBe('superseded');
    const items = await t.db
      .selectFrom('import_items')
      .select('import_id')
      .where('import_id', 'in', [committed, unused, fresh])
      .execute();
    expect(new Set(items.map((i) => i.import_id))).toEqual(new Set([fresh]));
  });
});
