import { describe, expect, it } from '@jest/globals';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import fc from 'fast-check';
import { Type, type TSchema } from 'typebox';
import { HistoryQuerySchema } from '../features/history/schemas.js';
import { ImportItemsQuerySchema } from '../features/imports/schemas.js';
import { ListStudentsQuerySchema } from '../features/students/schemas.js';
import { coercions, validatorCompiler } from './validator.js';

// The route validator's shortcut for query strings, path parameters and headers must give every
// request exactly what the type provider's own compiler gives it: the same converted value, or
// the same errors. Checked on random TypeBox object schemas (the kinds the shortcut converts and
// the kinds it leaves to Value.Convert) and on the student list's and other routes' own schemas.

type Validate = (value: unknown) => unknown;

const text = fc.oneof(
  fc.constantFrom('0', '1', '50', '-3', '500', '501', '9007199254740993', '123456789012345'),
  fc.constantFrom('050', ' 5', '5 ', '1e2', '0x10', '1.5', '-0', '', '1e400', 'NaN', 'Infinity'),
  fc.constantFrom('true', 'false', '1', 'TRUE', 'asc', 'desc', 'lastName', 'active', 'basic'),
  fc.constantFrom('00000000-0000-4000-8000-000000000000', '3e groep', 'x'.repeat(300)),
  fc.string({ maxLength: 12 }),
);
const texts = fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 }));
const numbers = fc.constantFrom('1', '50', '500', '050', '-0', '0');

/** A property's schema, and the values a request would likely send for it. */
const kind = (schema: TSchema, likely: fc.Arbitrary<unknown>) =>
  fc.constant<[TSchema, fc.Arbitrary<unknown>]>([schema, likely]);
const property = fc.oneof(
  kind(Type.String(), fc.string({ maxLength: 5 })),
  kind(Type.String({ pattern: '^[0-9]+$' }), numbers),
  kind(Type.String({ format: 'uuid' }), fc.uuid()),
  kind(Type.String({ maxLength: 3 }), fc.string({ maxLength: 4 })),
  kind(Type.Integer({ minimum: 1, maximum: 500 }), numbers),
  kind(Type.Integer(), numbers),
  kind(Type.Number({ minimum: 0 }), numbers),
  kind(Type.Boolean(), fc.constantFrom('true', 'false', '1')),
  kind(Type.Union([Type.Literal('asc'), Type.Literal('desc')]), fc.constantFrom('asc')),
  kind(
    Type.Union([
      Type.Union([Type.Literal('basic'), Type.Literal('advanced')]),
      Type.Literal('none'),
    ]),
    fc.constantFrom('basic', 'none'),
  ),
  kind(Type.Array(Type.String()), fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 })),
  // Kinds Value.Convert treats in other ways: unions with numbers, arrays of numbers, objects.
  kind(Type.Union([Type.Integer(), Type.String()]), numbers),
  kind(Type.Union([Type.Integer(), Type.Literal('all')]), fc.constantFrom('all', '5')),
  kind(Type.Array(Type.Integer()), fc.array(numbers, { maxLength: 2 })),
  kind(Type.Object({ n: Type.Integer() }), fc.constant({ n: '5' })),
  kind(Type.Null(), fc.constant('null')),
);
const KEYS = ['a', 'b', 'c', 'd'];
/** A flat object schema and a request for it: each key absent, likely, or anything. */
const schemaAndInput = fc
  .tuple(
    fc.array(fc.tuple(property, fc.nat({ max: 3 })), {
      minLength: KEYS.length,
      maxLength: KEYS.length,
    }),
    fc.boolean(),
  )
  .chain(([props, closed]) =>
    fc.tuple(
      fc.constant(
        Type.Object(
          Object.fromEntries(
            props.map(([[p], optional], i) => [KEYS[i], optional ? Type.Optional(p) : p]),
          ),
          closed ? { additionalProperties: false } : {},
        ),
      ),
      fc.tuple(
        ...props.map(([[, likely]]) =>
          fc.oneof(fc.constant(undefined), likely, likely, likely, texts),
        ),
        fc.option(texts),
      ),
    ),
  )
  .map(([schema, values]) => {
    const input: Record<string, unknown> = {};
    [...KEYS, 'other'].forEach((k, i) => {
      if (values[i] !== undefined && values[i] !== null) input[k] = values[i];
    });
    return [schema, input] as const;
  });

const input = (keys: string[]) =>
  fc.dictionary(fc.constantFrom(...keys, 'other'), texts, { maxKeys: keys.length + 1 });

const pair = (s: TSchema, part = 'querystring') => ({
  schema: s,
  fast: validatorCompiler({ schema: s as never, httpPart: part }) as Validate,
  general: TypeBoxValidatorCompiler({ schema: s, httpPart: part } as never) as Validate,
});

/**
 * The one place the shortcut answers otherwise, on purpose: a string for an integer property
 * (of a flat schema the shortcut takes) that is not digits, which Value.Convert rounds (`1.5`),
 * reads as hex (`0x10`) or as a boolean's 1 (`true`); and one for a number property that is not
 * a decimal (`0x10`, `1e2`, an empty value, which Value.Convert reads as 0).
 */
function notAnInteger(s: TSchema, value: Record<string, unknown>): boolean {
  const props = (s as { properties?: Record<string, { type?: unknown }> }).properties;
  // Only a schema the shortcut takes (coercions: not null) answers otherwise.
  return (
    !!props &&
    coercions(s as never) !== null &&
    Object.entries(props).some(
      ([k, p]) =>
        typeof value[k] === 'string' &&
        ((p.type === 'integer' && !/^-?[0-9]+$/.test(value[k])) ||
          (p.type === 'number' && !/^-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?$/.test(value[k]))),
    )
  );
}

/** A query string's object as Fastify parses it: no prototype. */
const parsed = (value: Record<string, unknown>) =>
  Object.assign(Object.create(null) as Record<string, unknown>, structuredClone(value));

/**
 * Both answer the same (prototype included), except that the shortcut refuses an integer that is
 * not digits (notAnInteger); true when the value passed.
 */
function same(p: ReturnType<typeof pair>, value: Record<string, unknown>) {
  const got = p.fast(parsed(value));
  if (notAnInteger(p.schema, value)) {
    expect(got).toHaveProperty('error');
    return false;
  }
  expect(got).toStrictEqual(p.general(parsed(value)));
  return (got as { value?: unknown }).value !== undefined;
}

describe('validatorCompiler', () => {
  it('answers any flat schema as the type provider does', () => {
    let passed = 0;
    fc.assert(
      fc.property(
        schemaAndInput,
        fc.constantFrom('querystring', 'params', 'headers'),
        ([s, value], part) => {
          if (same(pair(s, part), value)) passed++;
        },
      ),
      { numRuns: 5_000 },
    );
    // The comparison saw requests that pass, not only refusals.
    expect(passed).toBeGreaterThan(400);
  });

  it.each([
    ['the student list', ListStudentsQuerySchema],
    ['the history', HistoryQuerySchema],
    ['the import items', ImportItemsQuerySchema],
  ])('answers %s query strings as the type provider does', (_name, s) => {
    const p = pair(s);
    const keys = Object.keys((s as { properties: object }).properties);
    let passed = 0;
    fc.assert(
      fc.property(input(keys), (value) => {
        if (same(p, value)) passed++;
      }),
      { numRuns: 3_000 },
    );
    expect(passed).toBeGreaterThan(10);
  });

  it('takes its own path for the student list (Value.Convert would convert the object in place)', () => {
    const input = parsed({ group: '3e groep', pageSize: '50', page: '2' });
    const got = pair(ListStudentsQuerySchema).fast(input) as { value?: object };
    expect(got.value).not.toBe(input);
    expect(got.value).toStrictEqual(parsed({ group: '3e groep', pageSize: 50, page: 2 }));
    expect(Object.getPrototypeOf(got.value)).toBeNull();
  });

  it('refuses an own __proto__ key as the type provider does, whatever the prototype', () => {
    const p = pair(ListStudentsQuerySchema);
    const plain = () => JSON.parse('{"__proto__":"x","pageSize":"5"}') as Record<string, unknown>;
    const bare = () => {
      const o = parsed({ pageSize: '5' });
      Object.defineProperty(o, '__proto__', { value: 'x', enumerable: true, writable: true });
      return o;
    };
    for (const input of [plain, bare]) {
      expect(p.fast(input())).toHaveProperty('error');
      expect(p.fast(input())).toStrictEqual(p.general(input()));
    }
  });

  it('converts the plain spellings of numbers and booleans itself', () => {
    const p = pair(Type.Object({ n: Type.Integer(), b: Type.Boolean(), s: Type.String() }));
    expect(p.fast({ n: '50', b: 'false', s: '7' })).toEqual({ value: { n: 50, b: false, s: '7' } });
    expect(p.fast({ n: '050', b: 'true', s: '7' })).toEqual({ value: { n: 50, b: true, s: '7' } });
  });

  it('refuses an integer written as anything but digits, where Value.Convert rounded it', () => {
    const p = pair(Type.Object({ page: Type.Integer({ minimum: 1 }), q: Type.String() }));
    for (const n of ['2.5', '1.0', '0x10', '1e0', 'true', ' 2', '2 ', '+2', 'Infinity', '']) {
      const got = p.fast({ page: n, q: 'x' }) as { error?: Array<{ instancePath: string }> };
      expect({ n, paths: got.error?.map((e) => e.instancePath) }).toEqual({ n, paths: ['/page'] });
    }
    // Digits pass as written, leading zeros included (as before).
    expect(p.fast({ page: '02', q: 'x' })).toEqual({ value: { page: 2, q: 'x' } });
  });

  it('leaves bodies to the compiled check alone', () => {
    const body = pair(Type.Object({ n: Type.Integer() }), 'body').fast;
    expect(body({ n: '5' })).toHaveProperty('error');
    expect(body({ n: 5 })).toEqual({ value: { n: 5 } });
  });
});
