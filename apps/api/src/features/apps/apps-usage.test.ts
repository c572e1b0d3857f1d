import { describe, expect, it } from '@jest/globals';
import { appBody as body, appsPath as apps, appsWorld } from '../../test/apps-support.js';
import { createAdmin, createInstitution, loginAs } from '../../test/factories.js';
import { activeCoAccount, studentWithAccount } from '../../test/portal-factories.js';
import { recordSignIn } from '../oidc/sign-ins.service.js';

// Apps in use: platform apps switched on per school, usage counts, the portal's launchpad and a
// student's sign-ins. Registering and changing a school's apps: apps.test.ts.

const { t, schoolA, schoolB, adminA, adminB, helpdeskA, platform } = appsWorld();

describe('platform apps', () => {
  it('are registered by the platform admin only, and each school switches them on for itself', async () => {
    expect((await adminA.post('/api/v1/platform/apps').send(body())).status).toBe(403);
    expect((await adminA.get('/api/v1/platform/apps')).status).toBe(403);
    expect((await t.request().get('/api/v1/platform/apps')).status).toBe(401);
    expect(
      (await platform.post('/api/v1/platform/apps').send(body({ groups: ['3A'] }))).status,
    ).toBe(400);

    const created = await platform
      .post('/api/v1/platform/apps')
      .send(body({ name: 'Nationaal Leerplatform', audience: 'both' }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ platform: true, enabled: true });
    const id = created.body.id as string;

    const listA = await adminA.get(apps(schoolA.id));
    const seen = listA.body.find((a: { id: string }) => a.id === id);
    expect(seen).toMatchObject({ platform: true, enabled: false, disabled: false });
    expect(seen).not.toHaveProperty('clientSecret');

    const patch = await adminA.patch(`${apps(schoolA.id)}/${id}`).send({ name: 'Van ons' });
    expect(patch.status).toBe(403);
    expect((await adminA.delete(`${apps(schoolA.id)}/${id}`)).status).toBe(403);
    expect((await adminA.post(`${apps(schoolA.id)}/${id}/secret`)).status).toBe(403);

    const on = await adminA.put(`${apps(schoolA.id)}/${id}/enabled`).send({ enabled: true });
    expect(on.status).toBe(200);
    expect(on.body.enabled).toBe(true);
    const inB = await adminB.get(`${apps(schoolB.id)}/${id}`);
    expect(inB.body.enabled).toBe(false);

    const historyA = await adminA.get(`${apps(schoolA.id)}/${id}/history`);
    expect(historyA.body.map((e: { kind: string }) => e.kind)).toEqual(['switched_on', 'created']);
    const historyB = await adminB.get(`${apps(schoolB.id)}/${id}/history`);
    expect(historyB.body.map((e: { kind: string }) => e.kind)).toEqual(['created']);

    // The platform admin disables it for everyone: on for A, but no longer usable.
    await platform.patch(`/api/v1/platform/apps/${id}`).send({ disabled: true });
    expect((await adminA.get(`${apps(schoolA.id)}/${id}`)).body).toMatchObject({
      enabled: false,
      disabled: true,
    });
    const off = await adminA.put(`${apps(schoolA.id)}/${id}/enabled`).send({ enabled: false });
    expect(off.status).toBe(200);
    const all = await platform.get(`/api/v1/platform/apps/${id}/history`);
    expect(all.body.map((e: { kind: string }) => e.kind)).toEqual([
      'switched_off',
      'disabled',
      'switched_on',
      'created',
    ]);
    // A school's own app is not a platform app.
    const own = await adminA.post(apps(schoolA.id)).send(body({ name: 'Eigen' }));
    expect((await platform.get(`/api/v1/platform/apps/${own.body.id}`)).status).toBe(404);
  });
});

describe('usage', () => {
  it('shows the last sign-in and the distinct people of the last 30 days, per school', async () => {
    const created = await adminA
      .post(apps(schoolA.id))
      .send(body({ name: 'Gebruikt', audience: 'both' }));
    const { clientId, id } = created.body as { clientId: string; id: string };
    const one = await studentWithAccount(t.ctx, schoolA.id, {
      parent_emails: ['ouder@example.be'],
    });
    const two = await studentWithAccount(t.ctx, schoolA.id);
    await activeCoAccount(t.ctx, one.student, 1, 'ouder-wachtwoord-lang');

    await recordSignIn(t.ctx, `s.${two.student.id}`, clientId);
    // That one was 31 days ago (moving the clock would end the admins' sessions).
    await t.db
      .updateTable('account_events')
      .set({ created_at: new Date(t.clock.now.getTime() - 31 * 86_400_000) })
      .where('kind', '=', 'app_login')
      .where('student_id', '=', two.student.id)
      .execute();
    await recordSignIn(t.ctx, `s.${one.student.id}`, clientId);
    await recordSignIn(t.ctx, `s.${one.student.id}`, clientId);
    await recordSignIn(t.ctx, `p.${one.student.id}.1`, clientId);
    const last = t.clock.now.toISOString();

    const res = await adminA.get(apps(schoolA.id));
    const app = res.body.find((a: { id: string }) => a.id === id);
    expect(app.usage).toEqual({ lastSignInAt: last, users30d: 2 });
    const other = await adminB.get(apps(schoolB.id));
    expect(JSON.stringify(other.body)).not.toContain(clientId);
  });
});

describe('GET /api/v1/portal/launchpad', () => {
  it("shows a student the apps of the school that are for students and the student's group", async () => {
    const school = await createInstitution(t.ctx, { name: 'Launch School' });
    const admin = await loginAs(
      t.request(),
      (await createAdmin(t.ctx, { institutionId: school.id })).email,
    );
    const make = async (over: Record<string, unknown>) =>
      (await admin.post(apps(school.id)).send(body(over))).body as { id: string; name: string };
    await make({ name: 'Voor iedereen', launchUrl: 'https://a.example/start?x=1' });
    await make({ name: 'Voor 3A', groups: ['3A'], launchUrl: null });
    await make({ name: 'Voor 3B', groups: ['3B'] });
    await make({ name: 'Voor ouders', audience: 'parents' });
    const off = await make({ name: 'Uitgezet' });
    await admin.patch(`${apps(school.id)}/${off.id}`).send({ disabled: true });
    const national = await platform
      .post('/api/v1/platform/apps')
      .send(body({ name: 'Nationaal', audience: 'both' }));
    await platform.post('/api/v1/platform/apps').send(body({ name: 'Niet aangezet' }));
    await admin.put(`${apps(school.id)}/${national.body.id}/enabled`).send({ enabled: true });

    const { student, username } = await studentWithAccount(
      t.ctx,
      school.id,
      { first_name: 'Lotte', group_name: '3A', parent_emails: ['ouder@example.be'] },
      { password: 'zal659' },
    );
    const kid = t.request();
    expect((await kid.get('/api/v1/portal/launchpad')).status).toBe(401);
    expect(
      (await kid.post('/api/v1/portal/login').send({ username, password: 'zal659' })).status,
    ).toBe(200);
    const res = await kid.get('/api/v1/portal/launchpad');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.child).toBeNull();
    expect(res.body.apps.map((a: { name: string }) => a.name)).toEqual([
      'Nationaal',
      'Voor 3A',
      'Voor iedereen',
    ]);
    const byName = Object.fromEntries(
      res.body.apps.map((a: { name: string; url: string }) => [a.name, a.url]),
    );
    expect(byName['Voor iedereen']).toBe(
      `https://a.example/start?x=1&iss=${encodeURIComponent(t.config.publicBaseUrl)}`,
    );
    expect(byName['Voor 3A']).toBe('https://rekenwonder.example/');

    await activeCoAccount(t.ctx, student, 1, 'ouder-wachtwoord-lang');
    const parent = t.request();
    await parent.post('/api/v1/portal/login').send({ username, password: 'ouder-wachtwoord-lang' });
    const forParent = await parent.get('/api/v1/portal/launchpad');
    expect(forParent.body.apps.map((a: { name: string }) => a.name)).toEqual([
      'Nationaal',
      'Voor ouders',
    ]);
    expect(forParent.body.child).toMatchObject({ firstName: 'Lotte', status: 'active' });
    expect(forParent.body.child.activeSince).toEqual(expect.any(String));
  });
});

describe('GET /api/v1/institutions/:iid/students/:sid/apps', () => {
  it("lists the apps a student and the student's parents signed in to, last first", async () => {
    const first = await adminA.post(apps(schoolA.id)).send(body({ name: 'Woordwiel' }));
    const second = await adminA
      .post(apps(schoolA.id))
      .send(body({ name: 'Rekenrups', audience: 'both' }));
    const { student } = await studentWithAccount(t.ctx, schoolA.id, {
      parent_emails: ['ouder@example.be'],
    });
    await activeCoAccount(t.ctx, student, 1, 'ouder-wachtwoord-lang');
    const path = `${apps(schoolA.id).replace('/apps', '')}/students/${student.id}/apps`;
    expect((await helpdeskA.get(path)).body).toEqual([]);

    await recordSignIn(t.ctx, `s.${student.id}`, first.body.clientId);
    t.clock.advance(60_000);
    await recordSignIn(t.ctx, `s.${student.id}`, second.body.clientId);
    t.clock.advance(60_000);
    await recordSignIn(t.ctx, `s.${student.id}`, second.body.clientId);
    const studentLast = t.clock.now.toISOString();
    t.clock.advance(60_000);
    await recordSignIn(t.ctx, `p.${student.id}.1`, second.body.clientId);
    const parentLast = t.clock.now.toISOString();

    const res = await helpdeskA.get(path);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        appId: second.body.id,
        name: 'Rekenrups',
        role: 'parent',
        lastSignInAt: parentLast,
        signIns: 1,
      }),
      expect.objectContaining({
        appId: second.body.id,
        role: 'student',
        lastSignInAt: studentLast,
        signIns: 2,
      }),
      expect.objectContaining({ appId: first.body.id, name: 'Woordwiel', signIns: 1 }),
    ]);

    // A deleted app keeps its name from the last sign-in.
    await adminA.delete(`${apps(schoolA.id)}/${first.body.id}`).expect(204);
    const after = await helpdeskA.get(path);
    expect(after.body[2]).toMatchObject({ appId: null, name: 'Woordwiel' });

    // Another school's admin, an unknown student: 404.
    expect((await adminB.get(path.replace(schoolA.id, schoolB.id))).status).toBe(404);
    expect((await adminB.get(path)).status).toBe(404);
    const unknown = path.replace(student.id, '00000000-0000-4000-8000-000000000000');
    expect((await adminA.get(unknown)).status).toBe(404);
  });
});
