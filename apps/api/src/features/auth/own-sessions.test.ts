import { expect, it } from '@jest/globals';
import { createAdmin, loginAs } from '../../test/factories.js';
import { appWithSchool } from '../../test/per-file.js';

const { t, school } = appWithSchool();

it('lists the own sessions with this one marked, and ends another one (never a colleague’s)', async () => {
  const admin = await createAdmin(t.ctx, { institutionId: school.id });
  const laptop = await loginAs(t.request(), admin.email);
  const phone = await loginAs(t.request(), admin.email);
  const list = await laptop.get('/api/v1/me/sessions');
  expect(list.status).toBe(200);
  expect(list.body.items).toHaveLength(2);
  const [current] = list.body.items.filter((s: { current: boolean }) => s.current);
  const other = list.body.items.find((s: { current: boolean }) => !s.current);
  expect(current).toBeDefined();
  // No database id or cookie in the list.
  const ids = (await t.db.selectFrom('sessions').select('id').execute()).map((r) => r.id);
  for (const s of list.body.items) expect(ids).not.toContain(s.id);

  const colleague = await createAdmin(t.ctx, { institutionId: school.id });
  const theirs = await loginAs(t.request(), colleague.email);
  const theirRef = (await theirs.get('/api/v1/me/sessions')).body.items[0].id;
  expect((await laptop.delete(`/api/v1/me/sessions/${theirRef}`)).status).toBe(404);
  expect((await theirs.get('/api/v1/auth/me')).status).toBe(200);
  const nul = await laptop.delete('/api/v1/me/sessions/a%00b');
  expect(nul.status).toBe(400);

  expect((await laptop.delete(`/api/v1/me/sessions/${other.id}`)).status).toBe(204);
  expect((await phone.get('/api/v1/auth/me')).status).toBe(401);
  expect((await laptop.get('/api/v1/me/sessions')).body.items).toHaveLength(1);
});
