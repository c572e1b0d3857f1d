// What the app form checks before it asks the server (which checks the same again): names
// without control characters, and addresses as OpenID Connect wants them — https, or http on
// this machine; no user or password in them; no fragment in a redirect address.

/** The non-empty lines of a text area, trimmed. */
export const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LOCAL = new Set(['localhost', '127.0.0.1', '[::1]']);

export const validName = (name: string) => name.length <= 100 && !CONTROL.test(name);

/** An absolute https address (http only on this machine); `fragment`: a # is allowed. */
export function validUrl(value: string, fragment: boolean) {
  if (/\s/.test(value) || CONTROL.test(value) || (!fragment && value.includes('#'))) return false;
  try {
    const u = new URL(value);
    return (
      (u.protocol === 'https:' || (u.protocol === 'http:' && LOCAL.has(u.hostname))) &&
      !u.username &&
      !u.password
    );
  } catch {
    return false;
  }
}

/** What is wrong with a list of redirect addresses (one per line), as a message key. */
export function uriListProblem(
  value: string,
  required: boolean,
): { key: 'uriRequired' | 'tooMany' | 'uriInvalid'; line?: number } | null {
  const list = lines(value);
  if (required && !list.length) return { key: 'uriRequired' };
  if (list.length > 10) return { key: 'tooMany' };
  const bad = list.findIndex((u) => !validUrl(u, false));
  return bad >= 0 ? { key: 'uriInvalid', line: bad + 1 } : null;
}

/** Only the fields that differ from the app, so its history names what really changed. */
export function changedFields<T extends object>(app: Partial<T>, body: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(body) as Array<keyof T>) {
    if (JSON.stringify(body[key]) !== JSON.stringify(app[key]))
      Object.assign(out, { [key]: body[key] });
  }
  return out;
}
