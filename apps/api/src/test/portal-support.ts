import { beforeAll } from '@jest/globals';
import { createInstitution } from './factories.js';
import { studentWithAccount, type AccountOptions } from './portal-factories.js';
import { appForFile } from './per-file.js';

// The portal tests' world: one app per file with the school Basisschool Het Anker.

/** Starts the app and the school before the file's tests (filled in by then), closes it after. */
export function portalSchool() {
  const t = appForFile();
  let iid: string | undefined;
  beforeAll(async () => {
    iid = (await createInstitution(t.ctx, { name: 'Basisschool Het Anker' })).id;
  });
  return {
    t,
    get iid() {
      return iid!;
    },
    /** A student of the school with an account (see studentWithAccount in portal-factories). */
    studentWithAccount: (
      values?: Parameters<typeof studentWithAccount>[2],
      account?: AccountOptions,
    ) => studentWithAccount(t.ctx, iid!, values, account),
    login: (body: Record<string, unknown>, agent = t.request()) =>
      agent.post('/api/v1/portal/login').send(body),
    /** A student's history, oldest first. */
    events: (sid: string) =>
      t.db
        .selectFrom('account_events')
        .selectAll()
        .where('student_id', '=', sid)
        .orderBy('id')
        .execute(),
  };
}
