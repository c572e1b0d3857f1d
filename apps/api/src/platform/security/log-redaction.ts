import { err as standardError, type SerializedError } from 'pino-std-serializers';

// Credentials are redacted from every log line by the name of the key that holds them, wherever
// that key sits: a library may log whole header objects (@fastify/multipart logs the request
// headers at trace level as "Providing options to busboy"), so fixed paths are not enough.

const SECRET_KEY =
  /cookie|authorization|password|passwd|secret|token|api[-_]?key|session|credential|pictures/i;
const CENSOR = '[redacted]';
const MAX_DEPTH = 8;

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Values that never carry a credential, whatever their key: a job's `sessionsPurged: 12` or a
 * `passwordChanged: true` must stay readable. Strings, arrays and objects under such a key are
 * still redacted (a token, picture ids, a header object).
 */
function harmless(v: unknown): boolean {
  return v === undefined || v === null || typeof v === 'boolean' || typeof v === 'number';
}

/**
 * A copy of `value` with every property whose name looks like a credential replaced. Only plain
 * objects and arrays are walked (and copied, never changed: the caller may still use them);
 * class instances are left to their serializers (req, res, err).
 */
export function redactCredentials(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v) => redactCredentials(v, depth + 1));
  if (!isPlain(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && !harmless(v) ? CENSOR : redactCredentials(v, depth + 1);
  }
  return out;
}

// OAuth and OpenID Connect parameters that carry a credential or a one-time value. A URL's query
// string is logged as one string, so the key-name rule above never sees them: an app that sends
// `GET /oidc/me?access_token=…` (refused by the provider) or `/oidc/session/end?id_token_hint=…`
// would otherwise leave the token in the log.
const SECRET_PARAM = new Set([
  'code',
  'code_verifier',
  'client_assertion',
  'assertion',
  'request',
  'logout_hint',
  'login_hint_token',
  'device_code',
  'user_code',
  'xsrf',
]);

function secretParam(rawName: string): boolean {
  let name = rawName;
  try {
    name = decodeURIComponent(rawName.replaceAll('+', ' '));
  } catch {
    // a malformed escape: judge the name as it is
  }
  return SECRET_PARAM.has(name.toLowerCase()) || SECRET_KEY.test(name);
}

// The paths that carry a mailed link's live token (the API's link routes and the web pages the
// mails point to). A request that reaches such a route is logged at warn only (LINK_ROUTE), but
// one with a method the route does not take reaches the 404 handler, which logs it like any other
// request (found by an outside test: OPTIONS and PUT on an activation link wrote the token to the
// log at info), so the token is masked in every logged URL, whatever route it reached.
const LINK_PAGES = [
  'auth/password-links',
  'auth/join-links',
  'co-accounts/activation',
  'co-account/activeren',
  'beheer/wachtwoord',
  'beheer/uitnodiging',
  'beheer/lidmaatschap',
];
const LINK_PATH = new RegExp(
  `^(/+(?:api/+v1/+)?(?:${LINK_PAGES.map((p) => p.replace('/', '/+')).join('|')})/+)[^/?#]+`,
  'i',
);

/**
 * `url` with a link's token in its path and the value of every credential-like query parameter
 * replaced, the rest unchanged.
 */
export function redactUrl(rawUrl: string): string {
  const url = rawUrl.replace(LINK_PATH, `$1${CENSOR}`);
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      const name = eq < 0 ? part : part.slice(0, eq);
      return eq >= 0 && secretParam(name) ? `${name}=${CENSOR}` : part;
    });
  return `${url.slice(0, q + 1)}${params.join('&')}`;
}

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  headers?: Record<string, unknown>;
  socket?: { remotePort?: number };
}

/** Fastify's own request serializer, with the URL's credentials redacted. */
function serializeRequest(req: LoggedRequest) {
  return {
    method: req.method,
    url: redactUrl(req.url),
    version: req.headers?.['accept-version'] as string | undefined,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

// What a database error carries of the query that failed, besides its text: PGlite attaches the
// values the statement was sent with (`params`: password hashes, sealed secrets of a bulk insert)
// and its options. They never go into the log (found by an outside test: a unique violation
// logged every row's password hash).
const QUERY_VALUES = ['params', 'queryOptions'] as const;

/**
 * Pino's own error serializer (type, message, stack, the error's fields, its cause), without the
 * values of the query that failed, and with credential-like fields redacted as everywhere else.
 */
export function serializeError(err: Error): SerializedError {
  return scrubError(standardError(err), 0) as SerializedError;
}

function scrubError(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key of QUERY_VALUES) delete copy[key];
  if (copy.cause !== undefined) copy.cause = scrubError(copy.cause, depth + 1);
  if (Array.isArray(copy.aggregateErrors))
    copy.aggregateErrors = copy.aggregateErrors.map((e) => scrubError(e, depth + 1));
  return redactCredentials(copy);
}

/** Pino options shared by the server's logger and the tests that read it back. */
export const loggerRedaction = {
  formatters: {
    log: (object: Record<string, unknown>) => redactCredentials(object) as Record<string, unknown>,
  },
  serializers: { req: serializeRequest, err: serializeError },
  redact: {
    paths: [
      'req.headers.authorization',
      'req.headers.cookie',
      'req.headers["x-api-key"]',
      'res.headers["set-cookie"]',
    ],
    censor: CENSOR,
  },
} as const;
