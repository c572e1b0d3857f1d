import { Type, type Static } from '@fastify/type-provider-typebox';
import { IsoDate, Uuid } from '../../schemas/common.js';
import { CreateStudentBodySchema } from '../students/index.js';

// What a commit of a preview and a sync take and answer (both end in the same apply step).

export const CommitSummarySchema = Type.Object(
  {
    created: Type.Integer({ description: 'New students (changes[] action `created`)' }),
    updated: Type.Integer({
      description: 'Students whose data changed, not counting reactivated ones (action `updated`)',
    }),
    unchanged: Type.Integer(),
    reactivated: Type.Integer({
      description:
        'Ended enrolments that started again (their accounts stay blocked until an admin unblocks them or gives a new password; action `reactivated`, not also counted in updated)',
    }),
    ended: Type.Integer({
      description: 'Leavers whose enrolment end date was set (action `ended`)',
    }),
    kept: Type.Integer({ description: 'Leavers left as they were (leavers: keep)' }),
    leaversEndDate: Type.Union([IsoDate, Type.Null()]),
  },
  {
    $id: 'ImportCommitSummary',
    description:
      'Each student counted once, in the same kind as its entry in changes[]: created + updated + reactivated + ended = changes.length.',
  },
);

const ExpectedLeavers = Type.Optional(
  Type.Integer({
    minimum: 0,
    maximum: 1000000,
    description:
      'With leavers: end, the number of enrolments the caller expects to end (a dry run or the preview tells). ' +
      'Required when that is more than 20 % of the enrolled students or more than 50; ' +
      'when given, a different number is refused with 409 leavers_count_changed',
  }),
);

export const CommitBodySchema = Type.Object(
  {
    leavers: Type.Optional(
      Type.Union([Type.Literal('end'), Type.Literal('keep')], {
        description:
          'keep (default): students missing from the file stay as they are; end: their enrolment ends today',
      }),
    ),
    expectedLeavers: ExpectedLeavers,
  },
  { additionalProperties: false },
);

export const SyncBodySchema = Type.Object(
  {
    students: Type.Array(CreateStudentBodySchema, {
      maxItems: 20000,
      description: 'The whole list of enrolled students; fields left out keep their current value',
    }),
    leavers: Type.Optional(
      Type.Union([Type.Literal('end'), Type.Literal('keep')], {
        description:
          'Students of the school missing from the list: keep them as they are (default) or end their enrolment',
      }),
    ),
    leaversEndDate: Type.Optional(IsoDate),
    expectedLeavers: ExpectedLeavers,
  },
  { additionalProperties: false },
);

export const SyncQuerySchema = Type.Object(
  {
    dryRun: Type.Optional(Type.Boolean({ description: 'Answer what would change, write nothing' })),
  },
  { additionalProperties: false },
);

export const SyncResultSchema = Type.Object(
  {
    importId: Type.Union([Uuid, Type.Null()]),
    dryRun: Type.Boolean(),
    summary: Type.Ref('ImportCommitSummary'),
    changes: Type.Array(
      Type.Object({
        stamnummer: Type.String(),
        studentId: Type.Union([Uuid, Type.Null()]),
        action: Type.Union([
          Type.Literal('created'),
          Type.Literal('updated'),
          Type.Literal('reactivated'),
          Type.Literal('ended'),
        ]),
        fields: Type.Array(Type.String()),
      }),
    ),
  },
  { $id: 'StudentSyncResult' },
);

export type CommitSummary = Static<typeof CommitSummarySchema>;
export type CommitBody = Static<typeof CommitBodySchema>;
export type SyncBody = Static<typeof SyncBodySchema>;
export type SyncResult = Static<typeof SyncResultSchema>;
