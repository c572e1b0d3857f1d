import { describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { ContractChecker } from './contract-check.js';
import type { Document } from './openapi-validator.js';

// The checker itself: each kind of drift from the document is reported (the contract test's
// green run means nothing if the checker lets anything through).

const doc = {
  paths: {
    '/things/{id}': {
      get: {
        operationId: 'getThing',
        responses: {
          '200': {
            headers: { 'X-Count': { schema: { type: 'integer', minimum: 0 } } },
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    id: { type: 'string', format: 'uuid' },
                    tags: { type: 'array', items: { $ref: '#/components/schemas/Tag' } },
                  },
                  required: ['id'],
                },
              },
            },
          },
          '204': {},
          '404': {
            content: {
              'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Tag: { type: 'object', properties: { name: { type: 'string' } } },
      Problem: {
        type: 'object',
        properties: { code: { type: 'string' } },
        additionalProperties: true,
      },
    },
  },
} as unknown as Document;

const ID = '0b3e6f5a-8c1d-4e2f-9a7b-6c5d4e3f2a10';
const answer = (status: number, type: string | undefined, body: unknown, headers = {}) =>
  ({
    status,
    body,
    text: body === undefined ? '' : JSON.stringify(body),
    headers: { ...(type ? { 'content-type': `${type}; charset=utf-8` } : {}), ...headers },
  }) as unknown as Response;

const checker = new ContractChecker(doc);
const check = (res: Response) => checker.violations('getThing', res);

describe('ContractChecker', () => {
  it('accepts answers that keep the document', () => {
    expect(
      check(answer(200, 'application/json', { id: ID, tags: [{ name: 'a' }] }, { 'x-count': '2' })),
    ).toEqual([]);
    expect(check(answer(204, undefined, undefined))).toEqual([]);
    expect(check(answer(404, 'application/problem+json', { code: 'not_found', extra: 1 }))).toEqual(
      [],
    );
  });

  it.each([
    ['an undeclared status', answer(500, 'application/problem+json', { code: 'x' }), /status 500/],
    [
      'an undeclared field',
      answer(200, 'application/json', { id: ID, colour: 'red' }),
      /additional/,
    ],
    [
      'an undeclared field in a referenced schema',
      answer(200, 'application/json', { id: ID, tags: [{ name: 'a', x: 1 }] }),
      /additional/,
    ],
    ['a wrong type', answer(200, 'application/json', { id: 'not-a-uuid' }), /format/],
    ['an undeclared content type', answer(404, 'application/json', { code: 'x' }), /content type/],
    ['a body where none is declared', answer(204, 'application/json', {}), /none is declared/],
    [
      'a declared header with a wrong value',
      answer(200, 'application/json', { id: ID }, { 'x-count': '-1' }),
      /X-Count/,
    ],
    [
      'an undeclared contract header',
      answer(200, 'application/json', { id: ID }, { 'retry-after': '5' }),
      /retry-after/,
    ],
  ])('reports %s', (_name, res, message) => {
    expect(check(res).join('\n')).toMatch(message);
  });
});
