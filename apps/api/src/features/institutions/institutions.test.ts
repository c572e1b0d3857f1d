import { beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import {
  createAdmin,
  createInstitution,
  createStudent,
  loginAs,
  storedStudent,
} from '../../test/factories.js';
import { appForFile } from '../../test/per-file.js';

const t = appForFile();
let schoolA: { id: string };
let schoolB: { id: string };
let adminA: { email: string };
let helpdeskA: { email: string };
let platform: { email: string };

beforeAll(async () => {
  schoolA = await createInstitution(t.ctx, { name: 'School A' });
  schoolB = await createInstitution(t.ctx, { name: 'School B' });
  adminA = await createAdmin(t.ctx, { institutionId: schoolA.id });
  helpdeskA = await createAdmin(t.ctx, { institutionId: schoolA.id, role: 'helpdesk' });
  platform = await createAdmin(t.ctx, { platform: true });
});

describe('tenancy of /api/v1/institutions/:iid/*', () => {
  it('answers 404 for another school, its students and its student ids under my school', async () => {
    const agent = await loginAs(t.request(), adminA.email);
    const studentB = await createStudent(t.ctx, schoolB.id, {
      first_name: 'Secret',
      last_name: 'Student',
    });
    for (const path of [
      `/api/v1/institutions/${schoolB.id}`,
      `/api/v1/institutions/${schoolB.id}/students`,
      `/api/v1/institutions/${schoolB.id}/groups`,
      `/api/v1/institutions/${schoolB.id}/students/${studentB.id}`,
      `/api/v1/institutions/${schoolA.id}/students/${studentB.id}`,
      `/api/v1/institutions/not-a-uuid/students`,
      `/api/v1/institutions/${schoolA.id}/students/not-a-uuid`,
    ]) {
      const res = await agent.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(JSON.stringify(res.body)).not.toContain('Secret');
    }
    const patch = await agent
      .patch(`/api/v1/institutions/${schoolA.id}/students/${studentB.id}`)
      .send({ firstName: 'Hacked' });
    expect(patch.status).toBe(404);
    const row = await storedStudent(t, studentB.id);
    expect(row.first_name).toBe('Secret');
  });

  it('lets a helpdesk user read but not change settings', async () => {
    const agent = await loginAs(t.request(), helpdeskA.email);
    expect((await agent.get(`/api/v1/institutions/${schoolA.id}/students`)).status).toBe(200);
    const res = await agent.patch(`/api/v1/institutions/${schoolA.id}`).send({ coAccountSlots: 3 });
    expect(res.status).toBe(403);
    expect((await agent.get(`/api/v1/institutions/${schoolA.id}/admins`)).status).toBe(403);
  });
});

describe('POST /api/v1/institutions', () => {
  it('is reserved to platform admins', async () => {
    const agent = await loginAs(t.request(), adminA.email);
    const res = await agent.post('/api/v1/institutions').send({ name: 'Nieuwe school' });
    expect(res.status).toBe(403);
    expect(
      await t.db
        .selectFrom('institutions')
        .select('id')
        .where('name', '=', 'Nieuwe school')
        .execute(),
    ).toHaveLength(0);
  });

  it('creates a school with default settings for a platform admin', async () => {
    const agent = await loginAs(t.request(), platform.email);
    const res = await agent.post('/api/v1/institutions').send({ name: 'GO! Atheneum' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'GO! Atheneum',
      locale: 'nl',
      coAccountSlots: 2,
      picturePasswordLength: 5,
      temporaryPasswordDays: 30,
      gracePeriodDays: 365,
    });
    const list = await agent.get('/api/v1/institutions');
    expect(list.body.map((i: { name: string }) => i.name)).toContain('GO! Atheneum');
  });
});

describe('PATCH /api/v1/institutions/:iid', () => {
  it('changes settings and validates them', async () => {
    const agent = await loginAs(t.request(), adminA.email);
    const ok = await agent
      .patch(`/api/v1/institutions/${schoolA.id}`)
      .send({ coAccountSlots: 3, helpdeskPhone: '09 222 14 52', gracePeriodDays: 730 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      coAccountSlots: 3,
      helpdeskPhone: '09 222 14 52',
      gracePeriodDays: 730,
    });
    const bad = await agent
      .patch(`/api/v1/institutions/${schoolA.id}`)
      .send({ picturePasswordLength: 12 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.picturePasswordLength');
    const empty = await agent.patch(`/api/v1/institutions/${schoolA.id}`).send({});
    expect(empty.status).toBe(400);
  });
});

describe('PATCH /api/v1/institutions/:iid account defaults', () => {
  it('stores the advanced age, the basic password kind and the personal-URL base, and refuses bad values without changing anything', async () => {
    const agent = await loginAs(t.request(), adminA.email);
    const url = `/api/v1/institutions/${schoolA.id}`;
    const before = await agent.get(url);
    expect(before.body).toMatchObject({
      advancedFromAge: 10,
      basicPasswordKind: 'picture',
      personalUrlBase: null,
    });
    const ok = await agent.patch(url).send({
      advancedFromAge: 12,
      basicPasswordKind: 'word',
      personalUrlBase: 'https://mijn.school.be/u/',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      advancedFromAge: 12,
      basicPasswordKind: 'word',
      personalUrlBase: 'https://mijn.school.be/u',
    });
    for (const [body, path] of [
      [{ advancedFromAge: 5 }, 'body.advancedFromAge'],
      [{ advancedFromAge: 19 }, 'body.advancedFromAge'],
      [{ advancedFromAge: 11.5 }, 'body.advancedFromAge'],
      [{ basicPasswordKind: 'temporary' }, 'body.basicPasswordKind'],
      [{ personalUrlBase: 'javascript:alert(1)' }, 'body.personalUrlBase'],
      [{ personalUrlBase: 'https://mijn.school.be/u?x=1' }, 'body.personalUrlBase'],
      [{ personalUrlBase: 'https://mijn school.be' }, 'body.personalUrlBase'],
      [{ personalUrlBase: `https://${'a'.repeat(200)}.be` }, 'body.personalUrlBase'],
    ] as const) {
      const bad = await agent.patch(url).send(body);
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const after = await agent.get(url);
    expect(after.body).toMatchObject({
      advancedFromAge: 12,
      personalUrlBase: 'https://mijn.school.be/u',
    });
    const cleared = await agent.patch(url).send({ personalUrlBase: null, advancedFromAge: 10 });
    expect(cleared.body).toMatchObject({ personalUrlBase: null, advancedFromAge: 10 });
  });
});

describe('/api/v1/institutions/:iid/admins', () => {
  const admins = () => `/api/v1/institutions/${schoolA.id}/admins`;
  /** Adds a user with a password to school A, as the agent's admin. */
  const addWithPassword = (agent: supertest.Agent, email: string, name: string, role: string) =>
    agent.post(admins()).send({ email, name, role, password: 'a-long-password' });
  /** The e-mail addresses of school A's users, as the agent's admin sees them. */
  const adminEmails = async (agent: supertest.Agent): Promise<string[]> =>
    (await agent.get(admins())).body.map((a: { email: string }) => a.email);

  it('lets only a platform admin set the password of a new user', async () => {
    const school = await loginAs(t.request(), adminA.email);
    const refused = await addWithPassword(
      school,
      'met.wachtwoord@school.test',
      'Met Wachtwoord',
      'admin',
    );
    expect(refused.status).toBe(403);
    expect(await adminEmails(school)).not.toContain('met.wachtwoord@school.test');
  });

  it('adds a helpdesk user who can then log in', async () => {
    const agent = await loginAs(t.request(), platform.email);
    const res = await addWithPassword(agent, 'balie@school.test', 'Balie', 'helpdesk');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ role: 'helpdesk', invitationPending: false });
    expect(await adminEmails(agent)).toContain('balie@school.test');
    await loginAs(t.request(), 'balie@school.test', 'a-long-password');
  });
});
