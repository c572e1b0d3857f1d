import type { Database } from '../../db/database.js';
import { preparedQuery } from '../../db/prepared.js';

// An app sign-in (the token endpoint's code exchange) as a login: "Laatste aanmelding" of the
// student's account or the parent's co-account, and the app_login event in the history, in one
// statement (all or none; the token response waits for it, and a failure fails it).
export type SignInValues = [
  now: Date,
  studentId: string,
  institutionId: string,
  actorKind: string,
  actorId: string | null,
  actorName: string | null,
  detail: string,
];

/** The app_login event, written by the statement that sets the last login (see recordSignIn). */
const appLoginEvent = (param: (i: number) => string) => ({
  institution_id: param(2),
  student_id: param(1),
  kind: 'app_login',
  actor_kind: param(3),
  actor_id: param(4),
  actor_name: param(5),
  detail: param(6),
  created_at: param(0) as unknown as Date,
});

const studentSignIn = preparedQuery<never, SignInValues>((db, param) =>
  db
    .with('seen', (qc) =>
      qc
        .updateTable('accounts')
        .set({ last_login_at: param(0) as unknown as Date })
        .where('student_id', '=', param(1)),
    )
    .insertInto('account_events')
    .values(appLoginEvent(param)),
);

const parentSignIn = preparedQuery<never, [...SignInValues, slot: number]>((db, param) =>
  db
    .with('seen', (qc) =>
      qc
        .updateTable('co_accounts')
        .set({ last_login_at: param(0) as unknown as Date })
        .where('student_id', '=', param(1))
        .where('slot', '=', param(7) as unknown as number),
    )
    .insertInto('account_events')
    .values(appLoginEvent(param)),
);

export async function recordAppLogin(
  db: Database,
  values: SignInValues,
  slot: number | null,
): Promise<void> {
  if (slot === null) await studentSignIn(db, ...values);
  else await parentSignIn(db, ...values, slot);
}
