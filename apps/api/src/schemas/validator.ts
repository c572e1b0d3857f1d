import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import { Compile } from 'typebox/compile';

// The validator of every route: TypeBox's compiled check. For the query string, path parameters
// and headers the type provider first runs TypeBox's Value.Convert, which walks the schema anew
// on every request (a tenth of the app's own JavaScript on an uncached student-list request).
// Most such schemas are flat objects of strings, numbers and booleans; for those the few strings
// that must become numbers or booleans are converted here, in the plain forms Value.Convert turns
// into the same values, and the compiled check decides. Anything else (another spelling, a value
// that fails, a schema of another shape) takes the type provider's own path, so what a request
// becomes and the errors it gets are what they were, with one exception: an integer written as
// anything but digits (`2.5`, `0x10`, `1e0`, `true`) and a number written as anything but a
// decimal (``, `+3`, `0x1`, `1e0`) are refused, where Value.Convert rounded them, read them as hex
// or read an empty value as 0 (found by an outside test: `offsetXMm=` printed at 0 mm).

type Schema = {
  type?: unknown;
  properties?: Record<string, Schema>;
  anyOf?: Schema[];
  items?: Schema;
  const?: unknown;
};
type Compiled = (value: unknown) => { value?: unknown; error?: unknown };
type Coerce = (value: string) => unknown;

const INTEGER = /^(?:0|-?[1-9][0-9]{0,14})$/;
const NOT_CONVERTED = Symbol('not converted');
/** A string that names no integer (or number) as written: refused, never rounded or read as hex. */
const NOT_AN_INTEGER = Symbol('not an integer');
/** A decimal number as written: digits, an optional sign and fraction (`-1.5`, `0.25`). */
const DECIMAL = /^-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?$/;
const toNumber: Coerce = (v) => (DECIMAL.test(v) ? Number(v) : NOT_AN_INTEGER);
const DIGITS = /^-?[0-9]+$/;
const toInteger: Coerce = (v) =>
  INTEGER.test(v) ? Number(v) : DIGITS.test(v) ? NOT_CONVERTED : NOT_AN_INTEGER;
const toBoolean: Coerce = (v) => (v === 'true' ? true : v === 'false' ? false : NOT_CONVERTED);

const isString = (s: Schema) => s.type === 'string' && s.anyOf === undefined;
/** A choice among fixed strings (nested unions included). */
const isStringChoice = (s: Schema): boolean =>
  (isString(s) && typeof s.const === 'string') || (s.anyOf?.every(isStringChoice) ?? false);

/**
 * How each property's string becomes its value (undefined: it stays a string), or null when a
 * property is of a kind Value.Convert could change in other ways.
 */
export function coercions(schema: Schema): Map<string, Coerce> | null {
  if (schema.type !== 'object' || !schema.properties) return null;
  const coerce = new Map<string, Coerce>();
  for (const [key, p] of Object.entries(schema.properties)) {
    if (p.type === 'integer') coerce.set(key, toInteger);
    else if (p.type === 'number') coerce.set(key, toNumber);
    else if (p.type === 'boolean') coerce.set(key, toBoolean);
    else if (isString(p)) continue;
    else if (isStringChoice(p)) continue;
    else if (p.type === 'array' && p.items && isString(p.items)) continue;
    else return null;
  }
  return coerce;
}

export function validatorCompiler({
  schema,
  httpPart,
}: {
  schema: Schema;
  httpPart?: string;
}): Compiled {
  const general = TypeBoxValidatorCompiler({ schema, httpPart } as never) as Compiled;
  const coerce = httpPart === 'body' ? null : coercions(schema);
  if (!coerce) return general;
  const check = Compile(schema as never);
  return (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return general(value);
    // An exact copy: the same prototype (a query string's object has none) and every own key as
    // data (an own `__proto__` key stays a key, refused as Value.Convert's path refuses it).
    // Without such a key, assigning the keys is the same copy in half the time of defining them.
    const proto = Object.getPrototypeOf(value) as object | null;
    const converted = (
      Object.hasOwn(value, '__proto__')
        ? Object.create(proto, Object.getOwnPropertyDescriptors(value))
        : Object.assign(Object.create(proto) as object, value)
    ) as Record<string, unknown>;
    let notIntegers = false;
    let convertElsewhere = false;
    for (const [key, to] of coerce) {
      const v = converted[key];
      if (typeof v !== 'string') continue;
      const c = to(v);
      if (c === NOT_AN_INTEGER) notIntegers = true;
      else if (c === NOT_CONVERTED) convertElsewhere = true;
      else converted[key] = c;
    }
    // Value.Convert would read `2.5` as 2, `0x10` as 16, `1e0` as 1 and `true` as 1 (a path's
    // `co-accounts/1.5` wrote slot 1): an integer's string that is not digits stays a string, and
    // the check names it as not an integer. Digits it reads as written (`050` is 50).
    if (notIntegers) return { error: check.Errors(converted) };
    if (convertElsewhere) return general(value);
    return check.Check(converted) ? { value: converted } : general(value);
  };
}
