import { beforeAll } from '@jest/globals';
import type supertest from 'supertest';
import { createAdmin, createInstitution, loginAs } from './factories.js';
import { mailAppForFile } from './mail-support.js';
import { madeLater } from './per-file.js';

// The co-account tests' world: an app whose mails are caught, Sint-Pieterscollege with an admin
// and a helpdesk user, and an admin of Andere school.

/** Starts the app and both schools for the file (beforeAll/afterAll). */
export function coAccountsSchool() {
  const { t, smtp, transport } = mailAppForFile();
  const made = {} as Record<'school' | 'otherSchool', { id: string }> &
    Record<'admin' | 'helpdesk' | 'foreignAdmin', supertest.Agent>;
  beforeAll(async () => {
    made.school = await createInstitution(t.ctx, { name: 'Sint-Pieterscollege' });
    made.otherSchool = await createInstitution(t.ctx, { name: 'Andere school' });
    const user = async (institutionId: string, role: 'admin' | 'helpdesk' = 'admin') =>
      loginAs(t.request(), (await createAdmin(t.ctx, { institutionId, role })).email);
    made.admin = await user(made.school.id);
    made.helpdesk = await user(made.school.id, 'helpdesk');
    made.foreignAdmin = await user(made.otherSchool.id);
  });
  const later = <K extends keyof typeof made>(key: K) => madeLater(() => made[key], key);
  const school = later('school');
  return {
    t,
    smtp,
    transport,
    school,
    otherSchool: later('otherSchool'),
    admin: later('admin'),
    helpdesk: later('helpdesk'),
    foreignAdmin: later('foreignAdmin'),
    /** A student's co-accounts: `/api/v1/institutions/:iid/students/:sid/co-accounts`. */
    base: (sid: string, iid = school.id) =>
      `/api/v1/institutions/${iid}/students/${sid}/co-accounts`,
  };
}
