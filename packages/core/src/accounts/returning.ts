/**
 * The block reason of a returning student's account: a student enrolled again within the grace
 * period keeps the same account, held (blocked with this reason) until an admin unblocks it or
 * gives a new password. Stored as written (Dutch); the dashboard recognises it and shows it in
 * the admin's language.
 */
export const RETURNING_REASON = 'Opnieuw ingeschreven: deblokkeer of geef een nieuw wachtwoord';
