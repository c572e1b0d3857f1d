import type { Actor, AppContext } from '../../context.js';
import { parentActor } from '../co-accounts/index.js';
import * as history from '../history/index.js';
import type { AppRow } from '../../db/types.js';
import { appOf } from './clients.js';
import { findPerson, type Person } from './people.js';
import { recordAppLogin } from './sign-in.repository.js';

const actorOf = (person: Person): Actor =>
  person.slot === null
    ? { kind: 'student', id: person.subject.student_id, name: person.subject.username! }
    : parentActor(person.subject.student_id, person.slot);

const appDetail = (app: AppRow, person: Person) => ({
  app: app.name,
  appId: app.id,
  clientId: app.client_id,
  role: person.role,
  ...(person.slot !== null ? { slot: person.slot } : {}),
});

/**
 * A sign-in to an app (an authorization code exchanged for tokens) counts as a login: it moves
 * "Laatste aanmelding" and is an `app_login` event ("aangemeld bij <app>") in the history.
 */
export async function recordSignIn(
  ctx: AppContext,
  accountId: string,
  clientId: string,
): Promise<void> {
  const [person, app] = await Promise.all([findPerson(ctx, accountId), appOf(ctx, clientId)]);
  if (!person || !app) return;
  const sid = person.subject.student_id;
  const who = history.actorColumns(actorOf(person));
  await recordAppLogin(
    ctx.db,
    [
      ctx.now(),
      sid,
      person.subject.institution_id,
      who.actor_kind,
      who.actor_id,
      who.actor_name,
      JSON.stringify(appDetail(app, person)),
    ],
    person.slot,
  );
}

/**
 * The person's answer on the consent page of an app that asks (granted, with the scopes it may
 * read; or declined) is in the history: "toestemming gegeven aan / geweigerd voor <app>".
 */
export async function recordConsent(
  ctx: AppContext,
  person: Person,
  app: AppRow,
  answer: { granted: true; scopes: string[] } | { granted: false },
): Promise<void> {
  await history.record(
    ctx.db,
    actorOf(person),
    person.subject.institution_id,
    [
      {
        studentId: person.subject.student_id,
        kind: answer.granted ? 'app_consent_granted' : 'app_consent_declined',
        detail: { ...appDetail(app, person), ...(answer.granted ? { scopes: answer.scopes } : {}) },
      },
    ],
    ctx.now(),
  );
}
