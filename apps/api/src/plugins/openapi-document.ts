import { ExampleBuilder, HAND_WRITTEN } from './openapi-examples.js';
import { OPERATION_IDS } from './operation-ids.js';

// Conventions every operation of the document keeps, applied once to the generated document
// instead of repeated in each route: a readable operationId, an explicit security requirement
// (`[]` on public operations), errors as application/problem+json, a 400 on every operation
// (the shared text check runs on every route) and a 413 and 415 on every one with a JSON body.

interface Media {
  schema?: unknown;
  example?: unknown;
  examples?: unknown;
}
interface Response {
  description?: string;
  content?: Record<string, Media>;
  headers?: Record<string, unknown>;
}
interface Operation {
  operationId?: string;
  security?: unknown[];
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, Response>;
  [key: string]: unknown;
}
export interface OpenApiDocument {
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown>; [key: string]: unknown };
  [key: string]: unknown;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const STATUS_TEXT: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
  '204': 'No content',
  '400': 'The request is not valid (validation_failed, malformed_body)',
  '401': 'Not logged in, or the credentials or API key are not valid',
  '403': 'Logged in, but not allowed to do this',
  '404': 'Not found (also for ids of another school)',
  '409': 'Conflicts with the current state',
  '410': 'The link is no longer valid',
  '413': 'The request body is too large',
  '415': 'Unsupported file or media type',
  '422': 'Understood, but refused by a rule; nothing was changed',
  '429': 'Too many requests; see Retry-After',
  '503': 'Temporarily unavailable; nothing was changed, retry after Retry-After',
};

/** `get /api/v1/institutions/{iid}/students` → `getInstitutionsStudents` (fallback only). */
export function derivedOperationId(method: string, path: string): string {
  const words = path
    .replace(/^\/api(\/v1)?/, '')
    .split('/')
    .filter((part) => part && !part.startsWith('{'))
    .flatMap((part) => part.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('');
}

const isError = (status: string) => /^[45]/.test(status);
const isJson = (type: string) => type === 'application/json' || type.endsWith('+json');

/** An example on every JSON request body and success body that has none (binary ones have none). */
function addExamples(op: Operation, examples: ExampleBuilder): void {
  const media = [
    ...Object.entries(op.requestBody?.content ?? {}).map((e) => ['request', ...e] as const),
    ...Object.entries(op.responses ?? {})
      .filter(([status]) => status.startsWith('2'))
      .flatMap(([status, response]) =>
        Object.entries(response.content ?? {}).map((e) => [status, ...e] as const),
      ),
  ];
  for (const [at, type, m] of media)
    if (isJson(type) && m.schema && m.example === undefined && m.examples === undefined)
      m.example = HAND_WRITTEN[`${op.operationId} ${at}`] ?? examples.build(m.schema);
}

const RETRY_AFTER = {
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    schema: { type: 'integer', minimum: 0 },
  },
};

/** On every answer to an API key (draft-ietf-httpapi-ratelimit-headers). */
const RATE_LIMIT_HEADERS = {
  'RateLimit-Policy': {
    description:
      'The key\'s quota: `"per-key";q=<requests>;w=60` (requests per 60-second window; default 600, set per key by the school)',
    schema: { type: 'string', examples: ['"per-key";q=600;w=60'] },
  },
  RateLimit: {
    description:
      'What is left of it: `"per-key";r=<remaining>;t=<seconds until the window resets>`',
    schema: { type: 'string', examples: ['"per-key";r=599;t=60'] },
  },
};

const problemMedia = () => ({
  'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
});

/**
 * Operations open to API keys answer 429 over the key's limit, and say how much is left; so do
 * the session-only ones of a school, which count a key's request before refusing it with 403.
 */
function addRateLimits(path: string, op: Operation): void {
  const forKeys = op.security?.some((s) => typeof s === 'object' && s !== null && 'apiKey' in s);
  if (!forKeys && !path.startsWith('/api/v1/institutions/{iid}')) return;
  const responses = (op.responses ??= {});
  responses['429'] ??= {
    description: "Over the API key's request limit; nothing was done. Wait Retry-After seconds",
    content: problemMedia(),
  };
  for (const response of Object.values(responses))
    response.headers = { ...response.headers, ...RATE_LIMIT_HEADERS };
}

function finishOperation(
  method: string,
  path: string,
  op: Operation,
  examples: ExampleBuilder,
): void {
  op.operationId ??=
    OPERATION_IDS[`${method.toUpperCase()} ${path}`] ?? derivedOperationId(method, path);
  op.security ??= [];
  addRateLimits(path, op);
  const responses = (op.responses ??= {});
  // Every request can be refused with 400 (the shared text check reads the path and the query
  // string of every route), and every JSON body with 413 (over the body limit) and 415 (another
  // media type); found missing by an outside test of the contract.
  const problem = () => ({
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } },
  });
  responses['400'] ??= problem();
  if (op.requestBody?.content?.['application/json']) {
    responses['413'] ??= problem();
    responses['415'] ??= problem();
  }
  for (const [status, response] of Object.entries(responses)) {
    if (!response.description || response.description === 'Default Response')
      response.description = STATUS_TEXT[status] ?? 'Response';
    if (status === '429' || status === '503')
      response.headers = { ...RETRY_AFTER, ...response.headers };
    if (isError(status) && response.content) {
      const media = response.content['application/json'] ?? Object.values(response.content)[0];
      response.content = media ? { 'application/problem+json': media } : {};
    }
  }
  addExamples(op, examples);
}

/** Applies the conventions to a freshly generated document (it is rebuilt per call). */
export function finishDocument(doc: OpenApiDocument): OpenApiDocument {
  const examples = new ExampleBuilder(doc.components?.schemas ?? {});
  for (const [path, item] of Object.entries(doc.paths ?? {}))
    for (const method of METHODS) {
      const op = item[method];
      if (op) finishOperation(method, path, op, examples);
    }
  return doc;
}
