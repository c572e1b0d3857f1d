import { Type, type Static } from '@fastify/type-provider-typebox';
import { DateTime } from '../../schemas/common.js';

export const JobStatusSchema = Type.Object(
  {
    name: Type.String(),
    description: Type.String(),
    everyMinutes: Type.Integer(),
    running: Type.Boolean({ description: 'An instance holds the job right now' }),
    nextRunAt: Type.Union([DateTime, Type.Null()]),
    lastStartedAt: Type.Union([DateTime, Type.Null()]),
    lastFinishedAt: Type.Union([DateTime, Type.Null()]),
    lastDurationMs: Type.Union([Type.Integer(), Type.Null()]),
    lastCounts: Type.Union([Type.Record(Type.String(), Type.Number()), Type.Null()]),
    lastError: Type.Union([Type.String(), Type.Null()]),
    runs: Type.Integer(),
    failures: Type.Integer(),
  },
  { $id: 'JobStatus' },
);
export type JobStatus = Static<typeof JobStatusSchema>;
