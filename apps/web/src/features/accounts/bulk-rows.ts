import type { AccountType } from '@schoolloket/core';
import type { Proposal } from './account-api';

// The rows of "Accounts aanmaken voor meerdere leerlingen": one proposal per student, with the
// username as typed and the proposals already fetched per variant (so switching back keeps them).

export type Kind = 'picture' | 'word';

export interface Row {
  p: Proposal;
  include: boolean;
  username: string;
  edited: boolean;
  /** The type the school's age rule proposes for this student. */
  ageType: AccountType;
  /** Proposals already fetched for this student, per type and kind, so switching back keeps them. */
  alt: Record<string, Proposal>;
}

export const variant = (type: AccountType, kind?: string) =>
  type === 'advanced' ? 'advanced' : `basic:${kind}`;

export const rowKind = (row: Row): Kind => (row.p.passwordKind === 'word' ? 'word' : 'picture');
