import type supertest from 'supertest';
import { beforeAll } from '@jest/globals';
import { createAdmin, createInstitution, loginAs } from './factories.js';
import type { TestApp } from './harness.js';
import { appForFile, madeLater } from './per-file.js';

// The app tests' world: two schools, their admins, a helpdesk user of the first and the
// platform admin, all logged in; an app's registration body and the provider's front door.

/** An app's registration body, changed by `over`. */
export const appBody = (over: Record<string, unknown> = {}) => ({
  name: 'Rekenwonder',
  redirectUris: ['https://rekenwonder.example/callback'],
  postLogoutRedirectUris: ['https://rekenwonder.example/'],
  launchUrl: 'https://rekenwonder.example/login',
  audience: 'students',
  clientType: 'confidential',
  ...over,
});

/** A school's apps: `/api/v1/institutions/:iid/apps`. */
export const appsPath = (iid: string) => `/api/v1/institutions/${iid}/apps`;

/** Starts the app, the schools and the logged-in admins for the file (beforeAll/afterAll). */
export function appsWorld() {
  const t = appForFile();
  const made = {} as Record<'schoolA' | 'schoolB', { id: string }> &
    Record<'adminA' | 'adminB' | 'helpdeskA' | 'platform', supertest.Agent>;
  beforeAll(async () => {
    made.schoolA = await createInstitution(t.ctx, { name: 'School A' });
    made.schoolB = await createInstitution(t.ctx, { name: 'School B' });
    const a = await createAdmin(t.ctx, { institutionId: made.schoolA.id });
    const b = await createAdmin(t.ctx, { institutionId: made.schoolB.id });
    const h = await createAdmin(t.ctx, { institutionId: made.schoolA.id, role: 'helpdesk' });
    const p = await createAdmin(t.ctx, { platform: true });
    made.adminA = await loginAs(t.request(), a.email);
    made.adminB = await loginAs(t.request(), b.email);
    made.helpdeskA = await loginAs(t.request(), h.email);
    made.platform = await loginAs(t.request(), p.email);
  });
  const later = <K extends keyof typeof made>(key: K) => madeLater(() => made[key], key);
  return {
    t: t as TestApp,
    schoolA: later('schoolA'),
    schoolB: later('schoolB'),
    adminA: later('adminA'),
    adminB: later('adminB'),
    helpdeskA: later('helpdeskA'),
    platform: later('platform'),
  };
}
