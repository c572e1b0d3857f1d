import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify';
import fp from 'fastify-plugin';
import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import { INVISIBLE } from './invisible.js';

// One rule for every string the API accepts (body, query string, path parameters), applied by
// a hook in front of every route's own schema validation: no C0/C1 control characters (tab and line
// breaks excepted), so a NUL can never reach PostgreSQL (which refuses it with a 500) or a file,
// and no lone UTF-16 surrogate (JSON's "\ud800" escape: PostgreSQL's jsonb refuses it with a
// 500, and a text column would silently store U+FFFD instead of what was sent).
// Names (and the fields shown as names) also refuse the invisible direction and zero-width
// characters that make one name look like another. Nothing nests deeper than MAX_DEPTH levels.

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NAME_KEYS = new Set([
  'firstName',
  'lastName',
  'officialFirstName',
  'officialLastName',
  'name',
  'group',
  'groups',
  'username',
  'q',
  // A block's reason is shown to the next admin as written (found by an outside test: U+202E
  // turned "evil" into "live" in the history).
  'reason',
]);
const MAX_DEPTH = 12;

const pointer = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

function error(
  instancePath: string,
  message: string,
  pattern: string,
): FastifySchemaValidationError {
  return { keyword: 'text', instancePath, schemaPath: '#/text', params: { pattern }, message };
}

/** Every string of `value` that breaks the shared text rule, with its JSON pointer. */
export function textErrors(
  value: unknown,
  path = '',
  key = '',
  depth = 0,
): FastifySchemaValidationError[] {
  if (typeof value === 'string') {
    if (CONTROL.test(value)) return [error(path, 'must not contain control characters', 'control')];
    if (LONE_SURROGATE.test(value))
      return [error(path, 'must be well-formed Unicode (no lone surrogate)', 'surrogate')];
    if (NAME_KEYS.has(key) && INVISIBLE.test(value))
      return [
        error(path, 'must not contain invisible direction or zero-width characters', 'spoofing'),
      ];
    return [];
  }
  if (value === null || typeof value !== 'object') return [];
  // No request of this API nests deeper; past it nothing would be checked, so it is refused.
  if (depth >= MAX_DEPTH)
    return [
      {
        keyword: 'maxDepth',
        instancePath: path,
        schemaPath: '#/text',
        params: { limit: MAX_DEPTH },
        message: `must not be nested more than ${MAX_DEPTH} levels deep`,
      },
    ];
  const errors: FastifySchemaValidationError[] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => errors.push(...textErrors(v, `${path}/${i}`, key, depth + 1)));
  } else {
    for (const [k, v] of Object.entries(value)) {
      if (CONTROL.test(k))
        errors.push(
          error(`${path}/${pointer(k)}`, 'has a control character in its name', 'control'),
        );
      else if (LONE_SURROGATE.test(k))
        errors.push(
          error(`${path}/${pointer(k)}`, 'has a lone surrogate in its name', 'surrogate'),
        );
      else errors.push(...textErrors(v, `${path}/${pointer(k)}`, k, depth + 1));
    }
  }
  return errors;
}

/**
 * Whether `value` holds anything textErrors would report: the same walk without building paths
 * or arrays, so a request with nothing wrong (nearly all of them) allocates nothing here.
 */
export function hasTextErrors(value: unknown, key = '', depth = 0): boolean {
  if (typeof value === 'string')
    return (
      CONTROL.test(value) ||
      LONE_SURROGATE.test(value) ||
      (NAME_KEYS.has(key) && INVISIBLE.test(value))
    );
  if (value === null || typeof value !== 'object') return false;
  if (depth >= MAX_DEPTH) return true;
  if (Array.isArray(value)) {
    for (const v of value) if (hasTextErrors(v, key, depth + 1)) return true;
    return false;
  }
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    if (CONTROL.test(k) || LONE_SURROGATE.test(k)) return true;
    if (hasTextErrors((value as Record<string, unknown>)[k], k, depth + 1)) return true;
  }
  return false;
}

/**
 * Runs before every route's own validation (a preValidation hook), so it applies whatever
 * validator a route uses (the multipart upload has its own).
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route hands the raw request to a component that checks its own input and answers in
     * its own protocol (oidc-provider: OAuth errors, its adapter refuses a NUL in what it stores).
     */
    ownTextCheck?: boolean;
  }
}

const PARTS = ['params', 'querystring', 'body'] as const;

/** The text rule on a request's params, query string and body: a 400 problem on a break. */
function checkText(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) {
  for (const part of PARTS) {
    const value = part === 'querystring' ? request.query : request[part];
    if (!hasTextErrors(value)) continue;
    const errors = textErrors(value);
    if (errors.length === 0) continue;
    const err = new Error('The request is not valid') as FastifyError;
    err.validation = errors;
    err.validationContext = part;
    err.statusCode = 400;
    return done(err);
  }
  done();
}

export default fp(async function textCheck(app: FastifyInstance) {
  // Attached to each route as it is declared (first of its own preValidation hooks; no other
  // preValidation hook is global), so a request does not look up its route's options to decide.
  app.addHook('onRoute', (route) => {
    if (route.config?.ownTextCheck) return;
    const own = route.preValidation;
    route.preValidation = own === undefined ? [checkText] : [checkText, ...[own].flat()];
  });
});
