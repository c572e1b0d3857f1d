import { Type, type Static } from '@fastify/type-provider-typebox';
import {
  DateTime,
  IdParams,
  ImportRowCodeSchema,
  IsoDate,
  Page,
  Paging,
  Uuid,
  WarningCodeSchema,
} from '../../schemas/common.js';
import { IMPORT_FIELDS } from './parse/columns.js';

export const ImportFieldSchema = Type.Union(
  IMPORT_FIELDS.map((f) => Type.Literal(f)),
  { description: 'A student field a column can be mapped to' },
);

const ColumnRef = Type.Union([
  Type.Integer({ minimum: 0, maximum: 255 }),
  Type.String({ minLength: 1, maxLength: 200 }),
]);

export const ImportMappingSchema = Type.Object(
  Object.fromEntries(IMPORT_FIELDS.map((f) => [f, Type.Optional(ColumnRef)])),
  {
    $id: 'ImportMapping',
    additionalProperties: false,
    description:
      'Manual column mapping: field → column index (0-based) or header text. Replaces the automatic ' +
      'recognition; stamnummer, firstName and lastName are required.',
  },
);

export const UploadBodySchema = Type.Object(
  {
    file: Type.String({
      format: 'binary',
      description:
        'CSV (; , or tab; UTF-8, UTF-16 or Windows-1252) or .xlsx; at most 5 MB and 20,000 rows',
    }),
    mapping: Type.Optional(
      Type.String({
        description: 'JSON of ImportMapping, to resubmit after a columns_unrecognised answer',
        contentMediaType: 'application/json',
        contentSchema: Type.Ref('ImportMapping'),
      }),
    ),
  },
  { $id: 'ImportUpload' },
);

export const ColumnsProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.Literal('columns_unrecognised'),
    headerRow: Type.Union([Type.Integer(), Type.Null()]),
    columns: Type.Array(
      Type.Object({
        index: Type.Integer(),
        header: Type.String(),
        field: Type.Union([ImportFieldSchema, Type.Null()]),
        samples: Type.Array(Type.String(), {
          description: 'Up to 3 values from the rows below the header',
        }),
      }),
    ),
    missingFields: Type.Array(ImportFieldSchema),
    fields: Type.Array(ImportFieldSchema),
    requiredFields: Type.Array(ImportFieldSchema),
  },
  {
    $id: 'ImportColumnsProblem',
    description:
      'The 422 answer of POST …/imports when stamnummer, first or last name cannot be found: the columns ' +
      'of the file, so the admin can map them (resubmit with `mapping`)',
  },
);

const Counts = Type.Object({
  create: Type.Integer(),
  update: Type.Integer(),
  unchanged: Type.Integer(),
  leaving: Type.Integer(),
  errors: Type.Integer({ description: 'Row errors (a row can have several)' }),
  warnings: Type.Integer({ description: 'Students with at least one warning' }),
  enrolled: Type.Optional(
    Type.Integer({ description: 'Students of the school enrolled when the file was read' }),
  ),
});

const Actor = Type.Object({ kind: Type.String(), name: Type.Union([Type.String(), Type.Null()]) });

const ImportStatus = Type.Union(
  [Type.Literal('previewed'), Type.Literal('committed'), Type.Literal('superseded')],
  {
    description:
      'previewed: can be committed; superseded: a newer preview replaced it; committed: applied',
  },
);

export const ImportSummarySchema = Type.Object(
  {
    id: Uuid,
    status: ImportStatus,
    source: Type.Union([Type.Literal('upload'), Type.Literal('api')]),
    fileName: Type.Union([Type.String(), Type.Null()]),
    fileSize: Type.Union([Type.Integer(), Type.Null()]),
    format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx'), Type.Literal('json')]),
    rowCount: Type.Integer({ description: 'Student rows in the file (below the header row)' }),
    counts: Counts,
    canCommit: Type.Boolean(),
    createdAt: DateTime,
    createdBy: Actor,
    committedAt: Type.Union([DateTime, Type.Null()]),
    committedBy: Type.Union([Actor, Type.Null()]),
    summary: Type.Union([Type.Ref('ImportCommitSummary'), Type.Null()]),
  },
  { $id: 'ImportSummary' },
);

const ItemKind = Type.Union([
  Type.Literal('create'),
  Type.Literal('update'),
  Type.Literal('unchanged'),
  Type.Literal('leaving'),
  Type.Literal('error'),
]);

const Value = Type.Union([Type.String(), Type.Array(Type.String()), Type.Null()]);
const Params = Type.Optional(
  Type.Record(Type.String(), Type.String(), { description: 'The values in the message, by name' }),
);
const Warning = Type.Object({
  code: WarningCodeSchema,
  message: Type.String({ description: 'In Dutch' }),
  params: Params,
});

export const ImportItemSchema = Type.Object(
  {
    seq: Type.Integer(),
    kind: ItemKind,
    row: Type.Union([Type.Integer(), Type.Null()], { description: 'Row number in the file' }),
    stamnummer: Type.Union([Type.String(), Type.Null()]),
    studentId: Type.Union([Uuid, Type.Null()]),
    firstName: Type.Union([Type.String(), Type.Null()]),
    lastName: Type.Union([Type.String(), Type.Null()]),
    group: Type.Union([Type.String(), Type.Null()]),
    changes: Type.Array(Type.Object({ field: Type.String(), from: Value, to: Value })),
    warnings: Type.Array(Warning),
    returning: Type.Boolean({ description: 'An ended enrolment starts again' }),
    error: Type.Union([
      Type.Object({
        column: Type.Union([Type.String(), Type.Null()]),
        field: Type.Union([Type.String(), Type.Null()]),
        code: ImportRowCodeSchema,
        message: Type.String({ description: 'In Dutch' }),
        value: Type.Union([Type.String(), Type.Null()]),
        params: Params,
      }),
      Type.Null(),
    ]),
  },
  { $id: 'ImportItem' },
);

export const ImportDetailSchema = Type.Object(
  {
    ...ImportSummarySchema.properties,
    importId: Uuid,
    encoding: Type.Union([Type.String(), Type.Null()]),
    delimiter: Type.Union([Type.String(), Type.Null()]),
    sheet: Type.Union([Type.String(), Type.Null()]),
    headerRow: Type.Union([Type.Integer(), Type.Null()]),
    columns: Type.Array(
      Type.Object({
        index: Type.Integer(),
        header: Type.String(),
        field: Type.Union([ImportFieldSchema, Type.Null()], {
          description: 'null: column not used',
        }),
      }),
    ),
    leaversEndDate: Type.Union([IsoDate, Type.Null()], {
      description: 'The end date leavers get when committed today with leavers: end',
    }),
    leaversNeedConfirmation: Type.Boolean({
      description:
        'Ending the leavers would end more than 20 % of the enrolled students or more than 50: the commit needs expectedLeavers',
    }),
    errors: Type.Array(Type.Ref('ImportItem'), { description: 'The first 100 row errors' }),
  },
  { $id: 'ImportDetail' },
);

export const ImportIdParams = IdParams('iid', 'importId');

export const ImportItemsQuerySchema = Type.Object(
  {
    kind: Type.Optional(ItemKind),
    warnings: Type.Optional(Type.Boolean({ description: 'Only items with warnings' })),
    ...Paging,
  },
  { additionalProperties: false },
);

export const ImportListQuerySchema = Type.Object({ ...Paging }, { additionalProperties: false });

export const ImportPageSchema = Page(Type.Ref('ImportSummary'));
export const ImportItemPageSchema = Page(Type.Ref('ImportItem'));

export type ImportMapping = Static<typeof ImportMappingSchema>;
export type ImportSummary = Static<typeof ImportSummarySchema>;
export type ImportDetail = Static<typeof ImportDetailSchema>;
export type ImportItem = Static<typeof ImportItemSchema>;
export type ImportItemsQuery = Static<typeof ImportItemsQuerySchema>;
