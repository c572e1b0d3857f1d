// "<naam> is gewist" after "Nu wissen" on the student page: that page is gone with the student,
// so the message is handed to the list it goes back to (ErasureNotice's status line). It lives
// in memory only (no URL, no storage, no history state) and is taken once: the name is not kept
// after it was shown.

let pending: string | null = null;

/** The message the next ErasureNotice shows. */
export function announceErased(message: string): void {
  pending = message;
}

/** The message waiting to be shown, once; null when there is none. */
export function takeErasedMessage(): string | null {
  const message = pending;
  pending = null;
  return message;
}
