import { AsyncLocalStorage } from 'node:async_hooks';

// One request to the provider asks the same questions several times: oidc-provider loads the
// client, then findAccount, the login check and the sign-in record each want the app and the
// person. Within one request each is read once; the next request reads again, so a change (an
// app disabled, an account blocked) still takes effect at once.

const store = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

/** Runs `fn` (one HTTP request) with a fresh memo. */
export function withRequestMemo<T>(fn: () => T): T {
  return store.run(new Map(), fn);
}

/** The answer of `load` for `key` within this request (outside a request: `load` itself). */
export function memo<T>(key: string, load: () => Promise<T>): Promise<T> {
  const m = store.getStore();
  if (!m) return load();
  let p = m.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    m.set(key, p);
    // A failed read is not remembered.
    p.catch(() => m.delete(key));
  }
  return p;
}

/**
 * `value` as this request's answer for `key`, when the request already holds what the reader
 * would read (it just wrote or read it itself): it must be exactly what `load` would answer.
 * Outside a request: nothing.
 */
export function remember<T>(key: string, value: T): void {
  store.getStore()?.set(key, Promise.resolve(value));
}
