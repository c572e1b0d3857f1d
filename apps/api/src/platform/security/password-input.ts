/** What a password hash covers: the text, or the picture ids in order (the portal sends the same). */
export function hashInput(secret: { password?: string; pictures?: string[] }): string {
  return secret.pictures ? `pictures:${secret.pictures.join(',')}` : secret.password!;
}
