import { Type, type Static } from '@fastify/type-provider-typebox';
import { NullableText, OneOf, Uuid } from '../../schemas/common.js';

export const EventsQuerySchema = Type.Object(
  {
    after: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        pattern: '^[A-Za-z0-9_-]+$',
        description:
          "The `nextCursor` of the previous answer of this school's feed (a cursor of another school's feed is refused); leave out to start at the beginning",
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);

export const EventSchema = Type.Object({
  entity: OneOf(['student', 'account']),
  change: OneOf(['created', 'changed', 'deactivated', 'erased'], {
    description:
      "What the entity's last write was (`deactivated`: an enrolment ended, an account blocked); " +
      'the data are its state now: upsert by `studentId`. `erased`: the school erased the student ' +
      '(grace period over, or on request): delete your copy of the student and its account; no data come with it',
  }),
  studentId: Uuid,
  student: Type.Optional(
    Type.Object({
      stamnummer: Type.String(),
      firstName: Type.String(),
      lastName: Type.String(),
      group: NullableText(),
      enrolledUntil: NullableText({ format: 'date' }),
    }),
  ),
  account: Type.Optional(
    Type.Object({
      username: Type.String(),
      type: OneOf(['basic', 'advanced']),
      blocked: Type.Boolean(),
    }),
  ),
});

export const EventPageSchema = Type.Object({
  items: Type.Array(EventSchema),
  nextCursor: Type.String({
    description: 'Pass as `after` next time (also when `items` is empty: it keeps your place)',
  }),
  hasMore: Type.Boolean({ description: 'More changes are ready: ask again right away' }),
});

export type EventPage = Static<typeof EventPageSchema>;
