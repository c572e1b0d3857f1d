/**
 * The personal URL printed on a card: `<base>/<username>` plus how the page should open, so a
 * picture account's card opens the pictures and every other card the password form. For picture
 * passwords it also says how many pictures there are, so the login goes on after the last one.
 * Nothing else about the account is in it; the page asks the server nothing before the login.
 *
 *   https://school.example/u/suheda.carabin?wachtwoord
 *   https://school.example/u/abdul.bogdan?prentjes=5
 */
export function personalUrl(
  base: string,
  username: string,
  login: { passwordKind: string; pictures?: readonly string[] | undefined },
): string {
  const page = `${base.replace(/\/+$/, '')}/${encodeURIComponent(username)}`;
  return login.passwordKind === 'picture'
    ? `${page}?prentjes=${login.pictures?.length ?? ''}`.replace(/=$/, '')
    : `${page}?wachtwoord`;
}

/** How the personal page opens, read from its query (see personalUrl). */
export function personalLoginMode(query: Record<string, unknown>): {
  mode: 'pictures' | 'password' | undefined;
  pictureCount?: number;
} {
  if ('wachtwoord' in query || query.mode === 'wachtwoord') return { mode: 'password' };
  if ('prentjes' in query || query.mode === 'prentjes') {
    const n = Number(query.prentjes);
    return Number.isInteger(n) && n >= 1 && n <= 12
      ? { mode: 'pictures', pictureCount: n }
      : { mode: 'pictures' };
  }
  return { mode: undefined };
}
