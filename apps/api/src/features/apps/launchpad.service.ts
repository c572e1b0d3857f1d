import type { AppContext } from '../../context.js';
import type { AppRow } from '../../db/types.js';
import type { PortalPrincipal } from '../portal/index.js';
import { refusalOf } from './access.js';
import * as repo from './repository.js';
import type { Launchpad } from './schemas.js';

// The portal home as launchpad: the apps this person may use (the same rules as the sign-in),
// and for a parent the child's account.

/**
 * Third-party initiated login (OpenID Connect Core §4): the app's launch URL with `iss`, so the
 * app starts the code flow at our issuer; the person is signed in already and lands in the app.
 * An app without a launch URL is opened at its own address, where it starts the flow itself.
 */
export function launchUrlOf(app: AppRow, issuer: string): string {
  if (app.launch_url) {
    const url = new URL(app.launch_url);
    url.searchParams.set('iss', issuer);
    return url.toString();
  }
  return `${new URL(app.redirect_uris[0]!).origin}/`;
}

export async function launchpad(ctx: AppContext, p: PortalPrincipal): Promise<Launchpad> {
  const s = p.subject;
  const user = { role: p.slot === null ? 'student' : 'parent', group: s.group_name } as const;
  const rows = await repo.listForInstitution(ctx.db, s.institution_id);
  const apps = rows
    .filter((r) => refusalOf(r, r.switched_on || r.institution_id !== null, user) === null)
    .map((r) => ({
      id: r.id,
      name: r.name,
      logoUrl: r.logo_url,
      url: launchUrlOf(r, ctx.config.publicBaseUrl),
    }));
  return {
    apps,
    child:
      p.slot === null
        ? null
        : {
            firstName: s.first_name,
            status: s.status,
            activeSince: s.account_created_at?.toISOString() ?? null,
            lastLoginAt: s.account_last_login_at?.toISOString() ?? null,
          },
  };
}
