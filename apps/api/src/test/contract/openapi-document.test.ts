import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../harness.js';

// Walks the served OpenAPI document: the conventions a generated client relies on.

interface Response {
  content?: Record<string, unknown>;
}
interface Operation {
  operationId?: string;
  security?: unknown[];
  responses: Record<string, Response>;
}

let t: TestApp;
let operations: Array<{ name: string; op: Operation }>;

beforeAll(async () => {
  t = await createTestApp();
  const spec = (await t.request().get('/api/openapi.json')).body as {
    paths: Record<string, Record<string, Operation>>;
  };
  operations = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ name: `${method} ${path}`, op })),
  );
}, 120_000);
afterAll(() => t.close());

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

  it('documents a 4xx on every operation and every error as application/problem+json', () => {
    for (const { name, op } of operations) {
      const statuses = Object.keys(op.responses);
      expect({ name, has4xx: statuses.some((s) => s.startsWith('4')) }).toEqual({
        name,
        has4xx: true,
      });
      for (const status of statuses.filter((s) => /^[45]/.test(s)))
        expect({ name, status, types: Object.keys(op.responses[status]!.content ?? {}) }).toEqual({
          name,
          status,
          types: ['application/problem+json'],
        });
    }
  });
});
