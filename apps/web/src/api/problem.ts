import type { components } from './schema';

export type Problem = components['schemas']['Problem'];
/** Every code the API can answer (the enum of openapi.yaml, generated from the API's one list). */
export type ProblemCode = Problem['code'];
/** `app.problems`: texts for known codes (a key that is no code is a type error) and the client's own. */
export type ProblemTexts = Partial<Record<ProblemCode, string>> & {
  network: string;
  server: string;
  /** A schema row with its field named: `{field}` and `{message}` (schemaRow). */
  field: string;
};

/** The code of an answer that carried no problem+json (a proxy's error page). */
export const codeWithoutBody = (status: number): ProblemCode =>
  status >= 500 ? 'internal' : 'bad_request';

/** A problem+json answer (or what stands in for one), thrown by every call of the typed client. */
export class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    /** From a 429's Retry-After: how long a lock still runs. */
    readonly retryAfterSeconds?: number,
  ) {
    super(problem.detail || problem.title);
  }
}

/** The ApiError for a failed answer; `body` is its parsed problem+json, if it had one. */
export function problemFromResponse(body: unknown, response: Response): ApiError {
  const p = (body && typeof body === 'object' ? body : {}) as Partial<Problem>;
  const seconds = Number(response.headers.get('retry-after'));
  return new ApiError(
    {
      type: p.type ?? 'about:blank',
      title: p.title ?? response.statusText,
      status: p.status ?? response.status,
      detail: p.detail ?? response.statusText,
      code: p.code ?? codeWithoutBody(response.status),
      ...(typeof p.reason === 'string' ? { reason: p.reason } : {}),
      ...(p.errors ? { errors: p.errors } : {}),
    },
    Number.isFinite(seconds) && seconds > 0 ? seconds : undefined,
  );
}

/** What the normaliser needs from vue-i18n (passed in, so it stays a pure function). */
export interface Texts {
  t: (key: string, values?: Record<string, unknown>) => string;
  te: (key: string) => boolean;
}

/**
 * The one error normaliser: one sentence, in the user's language, for anything a call can
 * throw. The dashboard (`app`) translates known problem codes (`app.problems.<code>`, field
 * messages appended for a 422) and otherwise shows the server's `detail`, which also stands for a
 * problem with a `reason` (a finer cause than its code, written for the user); the portal (`portal`),
 * written for children and parents, says how long a lock lasts, shows the field messages (the
 * password rules, already in the user's language) and otherwise one generic sentence.
 * A network failure (fetch rejects with a TypeError) and anything else get their own sentence.
 */
export function problemText(error: unknown, texts: Texts, surface: 'app' | 'portal' = 'app') {
  const { t, te } = texts;
  if (surface === 'portal') {
    if (error instanceof ApiError) {
      const p = error.problem;
      // A cause the server names (a daily cap, a busy queue) comes with its own sentence.
      if (p.reason && p.detail) return p.detail;
      if (p.code === 'too_many_requests') {
        const minutes = Math.ceil((error.retryAfterSeconds ?? 60) / 60);
        return minutes > 1 ? t('portal.login.locked', { minutes }) : t('portal.login.lockedSoon');
      }
      if (p.code === 'unauthenticated') return t('portal.problems.session');
      if (p.errors?.length)
        return p.errors
          .map((e) => (p.status === 400 ? schemaRow(e, texts, 'portal') : e.message))
          .join(' ');
      if (p.status >= 500) return t('portal.problems.generic');
      return p.detail || t('portal.problems.generic');
    }
    if (error instanceof TypeError) return t('portal.problems.network');
    return t('portal.problems.generic');
  }
  if (error instanceof ApiError) {
    const { code, status, detail, errors, reason } = error.problem;
    const key = `app.problems.${code}`;
    // A finer cause than the code (a busy queue, a daily cap): the server's sentence says it.
    if (reason && detail) return detail;
    if (code === 'validation_failed' && errors?.length)
      return `${t(key)} ${errors
        .map((e) => (status === 400 ? schemaRow(e, texts, 'app') : e.message))
        .join(' ')}`;
    if (te(key)) return t(key);
    if (status >= 500) return t('app.problems.server');
    return detail || t('app.error');
  }
  if (error instanceof TypeError) return t('app.problems.network');
  return t('app.error');
}

/**
 * A row of a request that failed its schema (400), as a sentence: such rows are fragments ("is
 * ongeldig") for an API client that reads the path, so the field is named in front of them
 * (found by outside tests: a pasted zero-width space showed only "is ongeldig", the dashboard
 * "Niet alle gegevens zijn geldig. is ongeldig is ongeldig"). The portal names the fields it
 * knows a word for; the dashboard names every field, by its word or else by its API name. The
 * rows of a 422 (the password rules, a username taken) are sentences already.
 */
function schemaRow(
  row: { path: string; message: string },
  texts: Texts,
  surface: 'app' | 'portal',
): string {
  const name = row.path
    .split('.')
    .reverse()
    .find((part) => !/^\d+$/.test(part) && part !== 'body' && part !== 'querystring');
  if (!name) return row.message;
  const key = `${surface}.fields.${name}`;
  const field = texts.te(key) ? texts.t(key) : surface === 'app' ? name : undefined;
  return field === undefined
    ? row.message
    : texts.t(`${surface}.problems.field`, { field, message: row.message });
}

/**
 * The field messages of a 422 (optionally of one field, `body.newPassword`), for forms that list
 * them one per line; empty for any other error.
 */
export function fieldErrors(error: unknown, path?: string): string[] {
  if (!(error instanceof ApiError)) return [];
  return (error.problem.errors ?? []).filter((e) => !path || e.path === path).map((e) => e.message);
}

/** The HTTP status of a problem answer, undefined for anything else (network, bugs). */
export function problemStatus(error: unknown): number | undefined {
  return error instanceof ApiError ? error.problem.status : undefined;
}

/**
 * Whether an answer means the dashboard session is over: a 401 whose problem is not about what
 * was typed. A wrong code, a refused passkey or a wrong password confirmed in a session (401
 * `invalid_code`, `passkey_refused`, `invalid_credentials`) belongs to the screen that asked; a
 * 401 without a readable problem (a proxy) counts as the session's end.
 */
export async function endsSession(response: Response): Promise<boolean> {
  if (response.status !== 401) return false;
  if (response.url.includes('/auth/login') || response.url.includes('/auth/me')) return false;
  let code: unknown;
  try {
    code = ((await response.clone().json()) as { code?: unknown } | null)?.code;
  } catch {
    return true;
  }
  return code !== 'invalid_code' && code !== 'passkey_refused' && code !== 'invalid_credentials';
}
