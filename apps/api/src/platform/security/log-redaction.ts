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

/** `url` with the value of every credential-like query parameter replaced, the rest unchanged. */
export function redactUrl(url: string): string {
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
    version: req.headers?.['accept-version'],
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/** Pino options shared by the server's logger and the tests that read it back. */
export const loggerRedaction = {
  formatters: { log: (object: Record<string, unknown>) => redactCredentials(object) },
  serializers: { req: serializeRequest },
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
