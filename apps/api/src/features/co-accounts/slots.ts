import type { CoAccountRow } from '../../db/types.js';
import type { CoAccount, CoAccountState } from './schemas.js';

// The registered e-mail of slot k is students.parent_emails[k - 1] (written by the school's
// import/sync and by PUT …/co-accounts/{k}); the co_accounts row holds what happened since.

export function registeredEmail(parentEmails: readonly string[], slot: number): string | null {
  const email = parentEmails[slot - 1]?.trim();
  return email ? email : null;
}

/** Case-insensitive for ASCII letters only: no Unicode folding that could make two addresses meet. */
export function sameEmail(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const fold = (s: string) => s.trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
  return fold(a) === fold(b);
}

export function slotState(
  row: CoAccountRow | undefined,
  registered: string | null,
): CoAccountState {
  if (row?.state === 'active' || row?.state === 'revoked') return row.state;
  // An invitation to an address the school has since replaced is void (its link no longer works).
  if (row?.state === 'invited' && sameEmail(row.email, registered)) return 'invited';
  return registered ? 'registered' : 'not_registered';
}

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

export function toCoAccount(
  slot: number,
  row: CoAccountRow | undefined,
  parentEmails: readonly string[],
): CoAccount {
  const registered = registeredEmail(parentEmails, slot);
  const state = slotState(row, registered);
  return {
    slot,
    email: registered ?? row?.email ?? null,
    state,
    invitedAt: state === 'not_registered' || state === 'registered' ? null : iso(row?.invited_at),
    activatedAt: iso(row?.activated_at),
    lastLoginAt: iso(row?.last_login_at),
    passwordChangedAt: iso(row?.password_changed_at),
    agreementVersion: row?.agreement_version ?? null,
    agreementAcceptedAt: iso(row?.agreement_accepted_at),
    revokedAt: state === 'revoked' ? iso(row?.revoked_at) : null,
  };
}

export function slotsOf(
  count: number,
  rows: CoAccountRow[],
  parentEmails: readonly string[],
): CoAccount[] {
  return Array.from({ length: count }, (_, i) =>
    toCoAccount(
      i + 1,
      rows.find((r) => r.slot === i + 1),
      parentEmails,
    ),
  );
}
