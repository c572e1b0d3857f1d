import createClient from 'openapi-fetch';
import { currentLocale, i18n } from '../i18n';
import { endsSession, problemFromResponse, problemText, type Texts } from './problem';
import type { components, paths } from './schema';

export { ApiError, fieldErrors, problemStatus, type Problem } from './problem';

export type Schemas = components['schemas'];

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
/** The JSON body of an operation's success answer (200 or 201). */
export type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: infer A }
    ? Json<A>
    : R extends { 201: infer B }
      ? Json<B>
      : never
  : never;
export type Student = Schemas['Student'];

export const api = createClient<paths>({ baseUrl: '/', credentials: 'same-origin' });

let onUnauthenticated: () => void = () => undefined;
export function setUnauthenticatedHandler(fn: () => void) {
  onUnauthenticated = fn;
}

api.use({
  // Problem details come back in the screen's language, not the browser's.
  onRequest({ request }) {
    if (!request.headers.has('accept-language'))
      request.headers.set('accept-language', currentLocale());
    return request;
  },
  async onResponse({ response }) {
    if (await endsSession(response)) onUnauthenticated();
    return response;
  },
});

/** One sentence for the admin, in her language, for anything a call can throw. */
export function problemMessage(error: unknown): string {
  return problemText(error, globalTexts(), 'app');
}

/** The same for the portal's children and parents (see problemText). */
export function portalProblem(error: unknown): string {
  return problemText(error, globalTexts(), 'portal');
}

function globalTexts(): Texts {
  // Plain signatures: the inferred ones of the global composer are too deep for tsc here.
  const composer = i18n.global as unknown as {
    t: (key: string, values: Record<string, unknown>) => string;
    te: (key: string) => boolean;
  };
  return { t: (key, values) => composer.t(key, values ?? {}), te: (key) => composer.te(key) };
}

/** Unwraps an openapi-fetch result: the data, or throws the problem+json as ApiError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok)
    throw problemFromResponse(result.error, result.response);
  return result.data as T;
}

/**
 * Saves a file answer (export, letters; asked for with `parseAs: 'blob'`) under the
 * server-chosen name, or throws its problem+json as ApiError.
 */
export function saveFile(result: { data?: unknown; error?: unknown; response: Response }): {
  filename: string;
  notReprintable: number;
  /** Letters: students left out because they have no account yet. */
  skippedNoAccount: number;
} {
  const blob = unwrap(result);
  const res = result.response;
  const filename =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'download';
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob as Blob);
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  return {
    filename,
    notReprintable: Number(res.headers.get('x-not-reprintable') ?? 0),
    skippedNoAccount: Number(res.headers.get('x-skipped-no-account') ?? 0),
  };
}
