import { Type, type Static, type TSchema } from '@fastify/type-provider-typebox';

// Shared primitives of the HTTP contract. Registered schemas ($id) become OpenAPI components.

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'URI identifying the problem type' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({
      description: 'Stable machine-readable code, e.g. validation_failed, not_found',
    }),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.String(),
          message: Type.String(),
          code: Type.Optional(Type.String()),
        }),
      ),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details', additionalProperties: true },
);

export const ProblemRef = Type.Ref('Problem');

export const Uuid = Type.String({ format: 'uuid' });
export const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const DateTime = Type.String({ format: 'date-time' });
export const Email = Type.String({ format: 'email', maxLength: 254 });

export const IidParams = Type.Object(
  { iid: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
export const IidSidParams = Type.Object(
  { iid: Type.String({ maxLength: 64 }), sid: Type.String({ maxLength: 64 }) },
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
