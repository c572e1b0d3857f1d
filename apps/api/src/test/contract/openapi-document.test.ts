import { beforeAll, describe, expect, it } from '@jest/globals';
import { appForFile } from '../per-file.js';
import { DocumentValidator, type Document } from './openapi-validator.js';

// Walks the served OpenAPI document: the conventions a generated client relies on.

interface Response {
  content?: Record<string, unknown>;
}
interface Operation {
  operationId?: string;
  requestBody?: { content?: Record<string, unknown> };
  security?: unknown[];
  responses: Record<string, Response>;
}

const t = appForFile();
let operations: Array<{ name: string; op: Operation }>;
let validator: DocumentValidator;

beforeAll(async () => {
  const spec = (await t.request().get('/api/openapi.json')).body as Document;
  validator = new DocumentValidator(spec);
  operations = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ name: `${method} ${path}`, op })),
  );
}, 120_000);

describe('the OpenAPI document', () => {
  it('gives every operation a unique camelCase operationId and an explicit security', () => {
    expect(operations.length).toBeGreaterThan(50);
    const ids = operations.map(({ op }) => op.operationId);
    for (const { name, op } of operations) {
      expect({ name, id: op.operationId }).toEqual({
        name,
        id: expect.stringMatching(/^[a-z][A-Za-z]+$/),
      });
      expect({ name, security: Array.isArray(op.security) }).toEqual({ name, security: true });
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents 400 on every operation, 413 and 415 on every JSON body, errors as problem+json', () => {
    for (const { name, op } of operations) {
      const statuses = Object.keys(op.responses);
      // Any request can fail the text check (400); a JSON body can be too large or of another type.
      const json = !!op.requestBody?.content?.['application/json'];
      const needed = json ? ['400', '413', '415'] : ['400'];
      expect({ name, missing: needed.filter((s) => !statuses.includes(s)) }).toEqual({
        name,
        missing: [],
      });
      for (const status of statuses.filter((s) => /^[45]/.test(s)))
        expect({ name, status, types: Object.keys(op.responses[status]!.content ?? {}) }).toEqual({
          name,
          status,
          types: ['application/problem+json'],
        });
    }
  });

  it('gives every JSON request and success body an example that validates against its schema', () => {
    const bodies = validator.operations().flatMap(({ method, path, op }) => [
      ...Object.entries(op.requestBody?.content ?? {}).map(([type, media]) => ({
        at: [path, method, 'requestBody', 'content', type],
        type,
        media,
      })),
      ...Object.entries(op.responses)
        .filter(([status]) => status.startsWith('2'))
        .flatMap(([status, response]) =>
          Object.entries(response.content ?? {}).map(([type, media]) => ({
            at: [path, method, 'responses', status, 'content', type],
            type,
            media,
          })),
        ),
    ]);
    const json = bodies.filter(({ type }) => type.endsWith('json'));
    expect(json.length).toBeGreaterThan(80);
    const refused = json
      .map(({ at, media }) => ({
        at: at.join(' '),
        errors:
          media.example === undefined
            ? ['no example']
            : validator
                .errorsAt(['paths', ...at, 'schema'], media.example)
                .map((e) => `${e.instancePath} ${e.message}`),
      }))
      .filter(({ errors }) => errors.length > 0);
    expect(refused).toEqual([]);
    // A file has no inline example; its media type and binary format say what it is.
    const files = bodies.filter(({ at, type }) => at[2] === 'responses' && !type.endsWith('json'));
    for (const { at, type, media } of files)
      expect({ at, type, schema: media.schema }).toEqual({
        at,
        type: expect.stringMatching(/^(application|image|font|text|multipart)\//),
        schema: expect.objectContaining({ type: 'string' }),
      });
  });
});
