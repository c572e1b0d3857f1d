import createClient from 'openapi-fetch';
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
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
  }
}

/** Unwraps an openapi-fetch result: the data, or throws the problem+json as ApiError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    const p = (result.error ?? {}) as Partial<Problem>;
    throw new ApiError({
      type: p.type ?? 'about:blank',
      title: p.title ?? result.response.statusText,
      status: p.status ?? result.response.status,
      detail: p.detail ?? result.response.statusText,
      code: p.code ?? 'error',
      ...(p.errors ? { errors: p.errors } : {}),
    });
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
