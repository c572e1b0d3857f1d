import type { AppContext } from '../../context.js';
import { parentActor } from '../co-accounts/index.js';
import * as coRepo from '../co-accounts/index.js';
import * as history from '../history/index.js';
import * as portalRepo from '../portal/index.js';
import { findAppByClientId } from '../apps/index.js';
import { findPerson } from './people.js';

/**
 * A sign-in to an app (an authorization code exchanged for tokens) counts as a login: it moves
 * "Laatste aanmelding" and is an `app_login` event ("aangemeld bij <app>") in the history.
 */
export async function recordSignIn(
  ctx: AppContext,
  accountId: string,
  clientId: string,
): Promise<void> {
  const [person, app] = await Promise.all([
    findPerson(ctx, accountId),
    findAppByClientId(ctx, clientId),
  ]);
  if (!person || !app) return;
  const sid = person.subject.student_id;
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    if (person.slot === null) await portalRepo.setStudentLastLogin(trx, sid, now);
    else await coRepo.setLastLogin(trx, sid, person.slot, now);
    await history.record(
      trx,
      person.slot === null
        ? { kind: 'student', id: sid, name: person.subject.username! }
        : parentActor(sid, person.slot),
      person.subject.institution_id,
      [
        {
          studentId: sid,
          kind: 'app_login',
          detail: {
            app: app.name,
            appId: app.id,
            clientId: app.client_id,
            role: person.role,
            ...(person.slot !== null ? { slot: person.slot } : {}),
          },
        },
      ],
      now,
    );
  });
}
