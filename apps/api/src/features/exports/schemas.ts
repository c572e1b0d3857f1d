import { Type, type Static } from '@fastify/type-provider-typebox';
import { Uuid } from '../../schemas/common.js';
import { StudentFilterSchema } from '../students/index.js';

export const FormatSchema = Type.Union(
  [Type.Literal('zip'), Type.Literal('xlsx'), Type.Literal('cards'), Type.Literal('stickers')],
  {
    description:
      'zip = accounts.xlsx + cards-a4.pdf + stickers-105x48.pdf of everyone, and per administrative group groups/<group>-cards-a4.pdf and groups/<group>-stickers-105x48.pdf (group names as safe file names)',
  },
);

// How the PDFs are laid out on the sheets in the printer (the school's offset is a setting; a
// print may use another one for itself, e.g. a helpdesk user at another printer).
const Print = {
  firstSticker: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 12,
      description:
        'Stickers: the first free label on the first sheet (1–12, left to right, top to bottom), so that a sheet with some labels used is not wasted. Applies to the sticker file of all groups; default 1',
    }),
  ),
  groupPages: Type.Optional(
    Type.Boolean({
      description:
        'Each administrative group starts on a new page of the cards and stickers (default true)',
    }),
  ),
  offsetXMm: Type.Optional(
    Type.Number({
      minimum: -5,
      maximum: 5,
      description:
        "This print only: the printer offset in mm to the right (negative: to the left), rounded to 0.1 mm; default the school's printOffsetXMm, which stays as it is",
    }),
  ),
  offsetYMm: Type.Optional(
    Type.Number({
      minimum: -5,
      maximum: 5,
      description:
        "This print only: the printer offset in mm down (negative: up), rounded to 0.1 mm; default the school's printOffsetYMm, which stays as it is",
    }),
  ),
};

export const ExportQuerySchema = Type.Object(
  { format: Type.Optional(FormatSchema), ...Print },
  { additionalProperties: false },
);

const Selection = {
  studentIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 10_001 })),
  filter: Type.Optional(StudentFilterSchema),
};

export const ReprintBodySchema = Type.Object(
  {
    ...Selection,
    format: Type.Optional(FormatSchema),
    ...Print,
  },
  { additionalProperties: false },
);

export const SelectionBodySchema = Type.Object(Selection, { additionalProperties: false });

export const PreviewBodySchema = Type.Object(
  {
    ...Selection,
    sample: Type.Optional(
      Type.Boolean({
        description:
          'Also list the printable accounts with their secrets masked (password length, picture count), for a print preview',
      }),
    ),
  },
  { additionalProperties: false },
);

export const LettersBodySchema = Type.Object(
  {
    ...Selection,
    locale: Type.Optional(
      Type.Union([Type.Literal('nl'), Type.Literal('fr'), Type.Literal('en')], {
        description: "Default: each student's language, else the school's",
      }),
    ),
  },
  { additionalProperties: false },
);

export const MaskedAccountSchema = Type.Object({
  firstName: Type.String(),
  lastName: Type.String(),
  group: Type.String(),
  username: Type.String(),
  type: Type.Union([Type.Literal('basic'), Type.Literal('advanced')]),
  passwordKind: Type.Union([
    Type.Literal('picture'),
    Type.Literal('word'),
    Type.Literal('temporary'),
  ]),
  passwordLength: Type.Optional(Type.Integer()),
  pictureCount: Type.Optional(Type.Integer()),
});

export const ReprintPreviewSchema = Type.Object({
  reprintable: Type.Integer(),
  sample: Type.Optional(Type.Array(MaskedAccountSchema)),
  notReprintable: Type.Array(
    Type.Object({
      studentId: Uuid,
      name: Type.String(),
      username: Type.Union([Type.String(), Type.Null()]),
      reason: Type.Union(
        [
          Type.Literal('no_account'),
          Type.Literal('password_changed'),
          Type.Literal('password_expired'),
        ],
        {
          description:
            'no_account: none yet; password_changed: the student chose their own; password_expired: ' +
            'a temporary password past its days (it no longer logs in: make a new password)',
        },
      ),
    }),
  ),
});

export const FileResponse = Type.String({
  format: 'binary',
  description: 'The file (zip, xlsx or pdf)',
});

export type Format = Static<typeof FormatSchema>;
export type PrintQuery = Pick<
  Static<typeof ExportQuerySchema>,
  'firstSticker' | 'groupPages' | 'offsetXMm' | 'offsetYMm'
>;
export type ReprintBody = Static<typeof ReprintBodySchema>;
export type SelectionBody = Static<typeof SelectionBodySchema>;
export type PreviewBody = Static<typeof PreviewBodySchema>;
export type LettersBody = Static<typeof LettersBodySchema>;
