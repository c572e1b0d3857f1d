import { Type, type Static, type TSchema, type TString } from '@fastify/type-provider-typebox';
import {
  IMPORT_ROW_CODES,
  PROBLEM_CODES,
  ROW_CODES,
  WARNING_CODES,
} from '../platform/errors/index.js';

// Shared primitives of the HTTP contract. Registered schemas ($id) become OpenAPI components.

/**
 * A closed list of codes as `enum`, each explained in `x-enumDescriptions` (Redoc shows them) and
 * in the description; the static type is the union of the codes.
 */
function CodeEnum<K extends string>(list: Record<K, { description: string }>, intro: string) {
  const entries = Object.entries(list) as Array<[K, { description: string }]>;
  return Type.Unsafe<K>({
    type: 'string',
    enum: entries.map(([code]) => code),
    description: `${intro}\n\n${entries.map(([c, i]) => `- \`${c}\`: ${i.description}`).join('\n')}`,
    'x-enumDescriptions': Object.fromEntries(entries.map(([c, i]) => [c, i.description])),
  });
}

export const ProblemCodeSchema = CodeEnum(
  PROBLEM_CODES,
  'Stable machine-readable code (language-free; `title` and `detail` follow Accept-Language).',
);
export const RowCodeSchema = CodeEnum(ROW_CODES, 'What is wrong with this row or field.');
export const ImportRowCodeSchema = CodeEnum(
  IMPORT_ROW_CODES,
  'Why this row of the file cannot be used.',
);
export const WarningCodeSchema = CodeEnum(WARNING_CODES, 'Why this row deserves a look.');

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'URI identifying the problem type' }),
    title: Type.String({ description: 'Short summary of the code, in the language of the answer' }),
    status: Type.Integer(),
    detail: Type.String({
      description:
        'What happened, in the language of the answer (Content-Language: nl, fr or en from Accept-Language; default nl)',
    }),
    code: ProblemCodeSchema,
    reason: Type.Optional(
      Type.String({
        description:
          'A finer cause within the code, where the server has one (`previews_busy`, ' +
          '`database_timeout`, `database_contention`, `family_checks`, `too_many_link_requests`, ' +
          '`too_many_passkey_requests`): its `detail` is then written for the person who sees ' +
          'it, in their language.',
      }),
    ),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.String({ description: 'Where: `body.items.3.username`, `query.page`, …' }),
          message: Type.String({ description: 'In the language of the answer' }),
          code: Type.Optional(RowCodeSchema),
        }),
      ),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details', additionalProperties: true },
);

export const ProblemRef = Type.Ref('Problem');

export const Uuid = Type.String({ format: 'uuid' });
/**
 * A calendar date in years 1900-2199, as a file import reads them (imports/parse/cells.ts): a
 * birth date, the end of an enrolment, how long to keep a student. The `date` format alone lets
 * year 0000 through, which PostgreSQL refuses (found by an outside test: a 500 on four routes).
 */
export const IsoDate = Type.String({
  format: 'date',
  pattern: '^(?:19|20|21)[0-9]{2}-',
  description: 'YYYY-MM-DD, a year from 1900 to 2199',
});
export const DateTime = Type.String({ format: 'date-time' });
export const Email = Type.String({ format: 'email', maxLength: 254 });

/**
 * Text or null in an answer, as `type: [string, null]` (with `enum` for a closed set) instead of
 * an anyOf: the response serializer (fast-json-stringify) then looks only at the value's type,
 * where an anyOf made it run a schema validation of each option for every value (450 on a page
 * of 50 students, issue 21). The same JSON and the same contract.
 */
export function NullableText(options: { format?: string; description?: string } = {}) {
  return Type.Unsafe<string | null>({ ...options, type: ['string', 'null'] });
}

/** One of a closed set of texts or null, for answers (see NullableText). */
export function NullableOneOf<const V extends readonly string[]>(
  values: V,
  options: { description?: string } = {},
) {
  return Type.Unsafe<V[number] | null>({
    ...options,
    type: ['string', 'null'],
    enum: [...values, null],
  });
}

/** One of a closed set of texts, for answers: one type check instead of an anyOf of literals. */
export function OneOf<const V extends readonly string[]>(
  values: V,
  options: { description?: string } = {},
) {
  return Type.Unsafe<V[number]>({ ...options, type: 'string', enum: [...values] });
}

/**
 * The params of a URL made of ids, closed: `IdParams('iid', 'keyId')` for
 * `/institutions/{iid}/api-keys/{keyId}`. An id's form is the service's to check (a malformed
 * one is a 404 of that thing, not a 400).
 */
export function IdParams<const K extends string>(...names: K[]) {
  const ids = names.map((name) => [name, Type.String({ maxLength: 64 })]);
  return Type.Object(Object.fromEntries(ids) as Record<K, TString>, {
    additionalProperties: false,
  });
}
export const IidParams = IdParams('iid');
export const IidSidParams = IdParams('iid', 'sid');

/** The params of a URL behind a mailed link (an invitation, a reset, an activation): its token. */
export const LinkTokenParams = Type.Object(
  { token: Type.String({ maxLength: 200 }) },
  { additionalProperties: false },
);

export const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
};

export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
}

/** Error responses every authenticated institution route can give. */
export const institutionErrors = {
  400: ProblemRef,
  401: ProblemRef,
  403: ProblemRef,
  404: ProblemRef,
} as const;

export const NoContent = Type.Null({ description: 'No content' });

export type Problem = Static<typeof ProblemSchema>;

/** OpenAPI security of routes usable with an admin session or a school API key. */
export const sessionOrKey: Array<Record<string, string[]>> = [{ adminSession: [] }, { apiKey: [] }];
export const sessionOnly: Array<Record<string, string[]>> = [{ adminSession: [] }];
