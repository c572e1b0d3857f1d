import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import supertest from 'supertest';
import { buildApp } from '../../app.js';
import { DEMO_ADMIN } from '../../bootstrap/seed-demo.js';
import type { StartupStep } from '../../bootstrap/startup.js';
import { createPostgres } from '../../db/database.js';
import { databaseUrl, onServer } from '../databases.js';
import { testConfig } from '../harness.js';

// PostgreSQL only: N instances (each with its own pool, as N processes) start at the same moment
// on one empty database. PGlite serves a single process.

const base = process.env.TEST_DATABASE_URL!;
const name = `sl_boot_${randomBytes(4).toString('hex')}`;
const url = databaseUrl(base, name);

beforeAll(() => onServer(base, `create database ${name}`));
afterAll(() => onServer(base, `drop database if exists ${name} with (force)`));

describe('start-up of several instances on one database', () => {
  it('brings all of them up on an empty database and does the start-up work once', async () => {
    const printed: string[] = [];
    // A step like the coming key generation: look, then create what is missing.
    let inside = 0;
    let overlapped = false;
    let created = 0;
    const keys: StartupStep = {
      name: 'signing keys',
      async run(ctx) {
        inside++;
        if (inside > 1) overlapped = true;
        const existing = await ctx.db
          .selectFrom('institutions')
          .select('id')
          .where('name', '=', 'startup-marker')
          .executeTakeFirst();
        if (!existing) {
          await ctx.db.insertInto('institutions').values({ name: 'startup-marker' }).execute();
          created++;
        }
        inside--;
      },
    };
    const config = testConfig({
      databaseUrl: url,
      seedDemo: true,
      adminEmail: 'platform@schoolloket.test',
    });
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () =>
        buildApp(config, {
          logger: false,
          serveWeb: false,
          print: (line) => printed.push(line),
          startupSteps: [keys],
        }),
      ),
    );
    const apps = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    try {
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'up'))).toEqual(
        Array(4).fill('up'),
      );
      expect(printed.filter((l) => l.startsWith('Platform admin created'))).toHaveLength(1);
      expect(overlapped).toBe(false);
      expect(created).toBe(1);

      const check = createPostgres(url, 1);
      try {
        const admins = await check.db.selectFrom('admin_users').select(['email']).execute();
        expect(admins.map((a) => a.email).sort()).toEqual(
          [DEMO_ADMIN.email, 'platform@schoolloket.test'].sort(),
        );
        const schools = await check.db.selectFrom('institutions').select('name').execute();
        expect(schools.filter((s) => s.name.endsWith('(demo)'))).toHaveLength(2);
        expect(schools.filter((s) => s.name === 'startup-marker')).toHaveLength(1);
      } finally {
        await check.close();
      }

      // Every instance serves, and the demo admin logs in on each one.
      await Promise.all(apps.map((app) => app.ready()));
      for (const app of apps) {
        const res = await supertest(app.server)
          .post('/api/v1/auth/login')
          .send({ email: DEMO_ADMIN.email, password: DEMO_ADMIN.password });
        expect(res.status).toBe(200);
      }

      // A second start on the same database changes nothing.
      const again: FastifyInstance = await buildApp(config, {
        logger: false,
        serveWeb: false,
        print: (line) => printed.push(line),
        startupSteps: [keys],
      });
      apps.push(again);
      expect(created).toBe(1);
      expect(printed.filter((l) => l.startsWith('Platform admin created'))).toHaveLength(1);
    } finally {
      await Promise.all(apps.map((app) => app.close()));
    }
  }, 240_000); // four app builds and the demo seed; slow on a busy two-core machine
});
