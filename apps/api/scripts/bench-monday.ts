// `pnpm bench monday`: 8:30 on a Monday. A school of 1,000 pupils behind one address logs in
// within 5 minutes, from browsers without a device cookie (the worst case: the first Monday of the
// year, or class computers that forget cookies); one in ten mistypes once, one in fifty twice.
// Prints how many were locked out (target: zero) and how much of the address's limit the morning
// used. The app's clock is simulated (08:30 → 08:35, a login every 300 ms), so the figure does not
// depend on the speed of the machine; hashing is cheap for the same reason (the lockout does not
// depend on the hash cost, `pnpm bench login` measures that).
import type supertest from 'supertest';
import st from 'supertest';
import { buildApp } from '../src/app.js';
import type { DatabaseHandle } from '../src/db/database.js';
import { IP_POLICY } from '../src/platform/throttles/index.js';
import { createInstitution, createStudent } from '../src/test/factories.js';
import { testConfig } from '../src/test/harness.js';
import { giveAccount } from '../src/test/portal-factories.js';
import { mapLimit } from '../src/platform/concurrency/index.js';
import { FIRSTS, LASTS } from './bench-names.js';
import type { Row } from './bench-row.js';

const PUPILS = 1000;
const SCHOOL_ADDRESS = '192.0.2.10';
const SPREAD_MS = 5 * 60_000;

export async function benchMonday(freshDb: () => Promise<DatabaseHandle>, rows: Row[]) {
  const database = await freshDb();
  let now = new Date('2027-01-04T07:30:00Z'); // 08:30 in Brussels
  const app = await buildApp(testConfig({ trustProxy: ['127.0.0.1'] }), {
    database,
    logger: false,
    now: () => now,
    serveWeb: false,
  });
  await app.ready();
  try {
    const iid = (await createInstitution(app.ctx, { name: 'Bench Monday' })).id;
    const pupils = await mapLimit(
      Array.from({ length: PUPILS }, (_, i) => i),
      4,
      async (i) => {
        const student = await createStudent(app.ctx, iid, {
          first_name: FIRSTS[i % 10]!,
          last_name: `${LASTS[Math.floor(i / 10) % 10]!}${i}`,
          group_name: `${(i % 12) + 1}e groep`,
        });
        const password = `maan${String(i % 1000).padStart(3, '0')}`;
        const username = await giveAccount(app.ctx, student, { kind: 'word', password });
        return { username, password };
      },
    );

    const login = (body: object): supertest.Test =>
      st(app.server).post('/api/v1/portal/login').set('x-forwarded-for', SCHOOL_ADDRESS).send(body);
    const step = SPREAD_MS / PUPILS;
    let locked = 0;
    let failures = 0;
    let others = 0;
    // Eight classrooms at a time; the clock moves on with every pupil.
    await mapLimit(
      pupils.map((p, i) => ({ ...p, i })),
      8,
      async ({ username, password, i }) => {
        now = new Date(now.getTime() + step);
        const typos = i % 50 === 0 ? 2 : i % 10 === 0 ? 1 : 0;
        for (let k = 0; k < typos; k++) {
          const res = await login({ username, password: `${password.slice(0, -1)}${k}x` });
          if (res.status === 401) failures++;
          else if (res.status === 429) return void locked++;
        }
        const res = await login({ username, password });
        if (res.status === 429) locked++;
        else if (res.status !== 200) others++;
      },
    );
    if (others) throw new Error(`${others} logins answered neither 200 nor 429`);
    rows.push(
      {
        scenario: 'monday',
        metric: `${PUPILS} pupils, one address, 5 min, 10 % typos: locked out`,
        value: locked,
        unit: '',
        floor: '0',
        ok: locked === 0,
      },
      {
        scenario: 'monday',
        metric: 'failed logins counted against the address',
        value: failures,
        unit: '',
      },
      {
        scenario: 'monday',
        metric: `share of the address limit (${IP_POLICY.maxFailures} / ${IP_POLICY.windowMs / 60_000} min)`,
        value: (100 * failures) / IP_POLICY.maxFailures,
        unit: '%',
      },
    );
  } finally {
    await app.close();
    await database.close();
  }
}
