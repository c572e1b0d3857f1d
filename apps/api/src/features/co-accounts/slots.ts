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

/**
 * The address an active or revoked co-account belongs to: the one its parent activated it with,
 * or the one an admin last registered on that slot (PUT …/co-accounts/{slot}). The school's list
 * (a PATCH, the sync, an import) can move another address onto the slot or take it away; that
 * does not hand the co-account over.
 */
export function holderEmail(row: CoAccountRow | undefined): string | null {
  return row?.state === 'active' || row?.state === 'revoked' ? (row.email ?? null) : null;
}

/**
 * Whether a link that sets a password may go to `registered` for this slot: always for a slot
 * without an active co-account, and for an active one only when the address is its holder's. A
 * list that put another parent's address on the slot (removing the first address moves the next
 * one up) must not let that parent reset this parent's password: an admin confirms the new
 * address first (register), which also tells the holder.
 */
export function mayMailPasswordLink(
  row: CoAccountRow | undefined,
  registered: string | null,
): boolean {
  return row?.state !== 'active' || sameEmail(row.email, registered);
}

/** An active co-account's slot and the address it belongs to (holderEmail). */
export interface Holder {
  slot: number;
  email: string | null;
}

/**
 * The school's new list of parent addresses (a PATCH, the sync, an import) in the order that
 * keeps each active co-account's address on its own slot where the list still has it: the list
 * names addresses, not slots, so leaving out or swapping one would otherwise move the others onto
 * other parents' co-accounts. The other addresses keep their order in the free places. An address
 * the list left out leaves no gap (slots are filled in order), so the ones after it may still
 * move up; their co-accounts then wait for an admin (mayMailPasswordLink).
 */
export function keepHoldersInPlace(
  emails: readonly string[],
  holders: readonly Holder[],
): string[] {
  const out = new Array<string | undefined>(emails.length);
  const placed = new Set<number>();
  for (const h of holders) {
    const at = h.slot - 1;
    if (at >= emails.length || out[at] !== undefined) continue;
    const i = emails.findIndex((e, k) => !placed.has(k) && sameEmail(e, h.email));
    if (i === -1) continue;
    out[at] = emails[i];
    placed.add(i);
  }
  let free = 0;
  emails.forEach((e, k) => {
    if (placed.has(k)) return;
    while (out[free] !== undefined) free++;
    out[free] = e;
  });
  return out as string[];
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
    // A revoked slot keeps its address on record; an active one whose address the school's list
    // took away has none (holderEmail still names its parent).
    email: registered ?? (state === 'revoked' ? (row?.email ?? null) : null),
    holderEmail: holderEmail(row),
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
