import createClient from 'openapi-fetch';
import { i18n } from '../i18n';
import type { components, paths } from './schema';

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
export type Problem = Schemas['Problem'];

export const api = createClient<paths>({ baseUrl: '/', credentials: 'same-origin' });

let onUnauthenticated: () => void = () => undefined;
export function setUnauthenticatedHandler(fn: () => void) {
  onUnauthenticated = fn;
}

api.use({
  onResponse({ response }) {
    if (
      response.status === 401 &&
      !response.url.includes('/auth/login') &&
      !response.url.includes('/auth/me')
    )
      onUnauthenticated();
    return response;
  },
});

export class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    /** From a 429's Retry-After: how long a lock still runs. */
    readonly retryAfterSeconds?: number,
  ) {
    super(problem.detail || problem.title);
  }
}

/**
 * One sentence for the admin, in her language, for anything a call can throw: a problem+json
 * answer (known codes are translated; otherwise the server's `detail`), or a network failure.
 */
export function problemMessage(error: unknown): string {
  // Plain signatures: the inferred ones of the global composer are too deep for tsc here.
  const composer = i18n.global as unknown as {
    t: (key: string) => string;
    te: (key: string) => boolean;
  };
  const t = (key: string) => composer.t(key);
  const te = (key: string) => composer.te(key);
  if (error instanceof ApiError) {
    const { code, status, detail, errors } = error.problem;
    const key = `app.problems.${code}`;
    if (code === 'validation_failed' && errors?.length)
      return `${t(key)} ${errors.map((e) => e.message).join(' ')}`;
    if (te(key)) return t(key);
    if (status >= 500) return t('app.problems.server');
    return detail || t('app.error');
  }
  // fetch rejects with a TypeError when the server cannot be reached at all.
  if (error instanceof TypeError) return t('app.problems.network');
  return t('app.error');
}

/** Unwraps an openapi-fetch result: the data, or throws the problem+json as ApiError. */
function retryAfter(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    const p = (result.error ?? {}) as Partial<Problem>;
    throw new ApiError(
      {
        type: p.type ?? 'about:blank',
        title: p.title ?? result.response.statusText,
        status: p.status ?? result.response.status,
        detail: p.detail ?? result.response.statusText,
        code: p.code ?? 'error',
        ...(p.errors ? { errors: p.errors } : {}),
      },
      retryAfter(result.response),
    );
  }
  return result.data as T;
}

/** Downloads a file answer (export, letters) with the server-chosen name. */
export async function download(
  url: string,
  init: RequestInit = {},
): Promise<{ filename: string; notReprintable: number }> {
  const res = await fetch(url, {
    credentials: 'same-origin',
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as Partial<Problem>;
    throw new ApiError({
      type: 'about:blank',
      title: res.statusText,
      status: res.status,
      detail: problem.detail ?? res.statusText,
      code: problem.code ?? 'error',
    });
  }
  const blob = await res.blob();
  const filename =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'download';
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  return { filename, notReprintable: Number(res.headers.get('x-not-reprintable') ?? 0) };
}
