import { beforeAll, describe, expect, it } from '@jest/globals';
import type { TestApp } from '../../test/harness.js';
import { twoInstances } from '../../test/instances-support.js';
import { schoolWithAdmin } from '../../test/imports-support.js';

const instances = twoInstances();
let t: TestApp;
let peer: TestApp;
beforeAll(() => {
  ({ a: t, b: peer } = instances);
});

const base = (iid: string) => `/api/v1/institutions/${iid}`;

async function keyWithLimit(limit: number | null) {
  const { iid, agent } = await schoolWithAdmin(t);
  const created = await agent.post(`${base(iid)}/api-keys`).send({ name: 'Sync', scope: 'read' });
  const set = await agent
    .patch(`${base(iid)}/api-keys/${created.body.id}`)
    .send({ rateLimitPerMinute: limit });
  expect(set.status).toBe(200);
  const as = (app: TestApp) => () =>
    app.request().set('Authorization', `Bearer ${created.body.token}`);
  return { iid, agent, keyId: created.body.id as string, on: as(t), onPeer: as(peer), set };
}

describe('API key rate limits', () => {
  it('counts per key across instances, with RateLimit headers, then 429 + Retry-After', async () => {
    const { iid, on, onPeer, set } = await keyWithLimit(3);
    expect(set.body).toMatchObject({ rateLimitPerMinute: 3, rateLimitIsDefault: false });
    const seen: string[] = [];
    for (const api of [on, onPeer, on]) {
      const res = await api().get(`${base(iid)}/students`);
      expect(res.status).toBe(200);
      expect(res.headers['ratelimit-policy']).toBe('"per-key";q=3;w=60');
      seen.push(res.headers.ratelimit!.replace(/;t=\d+$/, ''));
    }
    expect(seen).toEqual(['"per-key";r=2', '"per-key";r=1', '"per-key";r=0']);
    const over = await onPeer()
      .get(`${base(iid)}/students`)
      .set('Accept-Language', 'en');
    expect(over.status).toBe(429);
    expect(over.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(over.body.code).toBe('too_many_requests');
    expect(over.body.detail).toMatch(/3 requests per minute/);
    const retry = Number(over.headers['retry-after']);
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(over.headers.ratelimit).toBe(`"per-key";r=0;t=${retry}`);
    // A new window starts after the minute.
    t.clock.advance(61_000);
    const again = await on().get(`${base(iid)}/students`);
    expect(again.status).toBe(200);
    expect(again.headers.ratelimit).toBe('"per-key";r=2;t=60');
  });

  it('leases far from the limit and stays exact: one instance counts one by one in its headers', async () => {
    const { iid, keyId, on } = await keyWithLimit(600);
    const left: number[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await on().get(`${base(iid)}/students`);
      left.push(Number(/r=(\d+)/.exec(res.headers.ratelimit!)![1]));
    }
    expect(left).toEqual(Array.from({ length: 40 }, (_, i) => 599 - i));
    // Two leases (37, then 35) counted all 40 in the shared row: two writes, not forty.
    const row = await t.ctx.db
      .selectFrom('request_windows')
      .select(['used', 'lease'])
      .where('key', '=', `apikey:${keyId}`)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ used: 72, lease: 35 });
  });

  it('gives an unspent lease back when the school lowers the limit: only real requests count', async () => {
    const { iid, agent, keyId, on } = await keyWithLimit(600);
    for (let i = 0; i < 5; i++) await on().get(`${base(iid)}/students`);
    const lowered = await agent
      .patch(`${base(iid)}/api-keys/${keyId}`)
      .send({ rateLimitPerMinute: 10 });
    expect(lowered.status).toBe(200);
    const left: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await on().get(`${base(iid)}/students`);
      left.push(`${res.status} ${res.headers.ratelimit!.replace(/;t=\d+$/, '')}`);
    }
    expect(left).toEqual([
      '200 "per-key";r=4',
      '200 "per-key";r=3',
      '200 "per-key";r=2',
      '200 "per-key";r=1',
      '200 "per-key";r=0',
      '429 "per-key";r=0',
    ]);
  });

  it('never lets more than the limit through, spread over instances or all at once', async () => {
    const { iid, on, onPeer } = await keyWithLimit(50);
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++)
      for (const api of [on, onPeer])
        statuses.push((await api().get(`${base(iid)}/students`)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    expect(statuses.filter((s) => s === 429)).toHaveLength(70);

    const burst = await keyWithLimit(60);
    const answers = await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        (i % 3 ? burst.on : burst.onPeer)().get(`${base(burst.iid)}/students`),
      ),
    );
    expect(answers.filter((r) => r.status === 200)).toHaveLength(60);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(20);
  });

  it('uses the documented default without a limit of its own; sessions are not limited', async () => {
    const { iid, agent, on, set } = await keyWithLimit(null);
    expect(set.body).toMatchObject({ rateLimitPerMinute: 600, rateLimitIsDefault: true });
    const res = await on().get(`${base(iid)}/students`);
    expect(res.headers['ratelimit-policy']).toBe('"per-key";q=600;w=60');
    const bySession = await agent.get(`${base(iid)}/students`);
    expect(bySession.headers['ratelimit-policy']).toBeUndefined();
  });

  it('refuses limits out of range and keys of another school, changing nothing', async () => {
    const { iid, agent, keyId } = await keyWithLimit(5);
    for (const rateLimitPerMinute of [0, 100001, 1.5, '10', -1])
      expect(
        (await agent.patch(`${base(iid)}/api-keys/${keyId}`).send({ rateLimitPerMinute })).status,
      ).toBe(400);
    const other = await schoolWithAdmin(t);
    const foreign = await other.agent
      .patch(`${base(other.iid)}/api-keys/${keyId}`)
      .send({ rateLimitPerMinute: 1 });
    expect(foreign.status).toBe(404);
    const list = await agent.get(`${base(iid)}/api-keys`);
    expect(list.body[0]).toMatchObject({ id: keyId, rateLimitPerMinute: 5 });
  });
});
