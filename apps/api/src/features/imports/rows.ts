import { Compile } from 'typebox/compile';
import type { ImportRowCode } from '../../platform/errors/index.js';
import { CreateStudentBodySchema, type CreateStudentBody } from '../students/index.js';
import type { ColumnPlan, ImportField } from './parse/columns.js';
import { hasControlCharacters, isEmail, parseDate, parseGender } from './parse/cells.js';
import type { TableRow } from './parse/table.js';

// From sheet rows to API-shaped student bodies, with a reason for every cell that cannot be used.
// The last check is the API's own body schema, so a file and the sync API accept the same data.

export interface RowError {
  row: number;
  column: string | null;
  field: ImportField | null;
  code: ImportRowCode;
  message: string;
  value: string | null;
  params?: Record<string, string>;
}

export interface RowStudent {
  row: number;
  body: CreateStudentBody;
  /** Parent e-mail slots the file manages (0 when it has no e-mail columns). */
  emailSlots: number;
}

const MESSAGES: Record<ImportRowCode, string> = {
  required: 'Verplicht veld is leeg.',
  invalid_stamnummer:
    'Ongeldig stamnummer: alleen letters, cijfers en . _ / - (begint met een letter of cijfer).',
  duplicate_stamnummer: 'Dit stamnummer staat meer dan eens in het bestand.',
  invalid_date: 'Geen geldige datum (gebruik dd/mm/jjjj of jjjj-mm-dd).',
  invalid_gender: 'Onbekend geslacht (gebruik M, V of X).',
  invalid_email: 'Geen geldig e-mailadres.',
  control_characters: 'Bevat onzichtbare stuurtekens (tab, regeleinde, schrijfrichting…).',
  too_long: 'Te lang.',
  extra_cells:
    'Deze rij heeft meer kolommen dan de kopregel: staat het scheidingsteken in een waarde?',
  unclosed_quote:
    'Een aanhalingsteken in deze rij wordt nooit gesloten: de rest van het bestand is als één cel gelezen.',
  invalid_quote: 'Misplaatst aanhalingsteken: deze rij kan niet betrouwbaar gelezen worden.',
  invalid: 'Ongeldige waarde.',
};

const MAX_LENGTH: Partial<Record<ImportField, number>> = {
  stamnummer: 20,
  firstName: 100,
  lastName: 100,
  group: 100,
  officialFirstName: 100,
  officialLastName: 100,
};
const STAMNUMMER_RE = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const EMAIL_FIELDS = ['parentEmail1', 'parentEmail2', 'parentEmail3', 'parentEmail4'] as const;

const checkBody = Compile(CreateStudentBodySchema);

export function convertRows(
  rows: TableRow[],
  columns: ColumnPlan,
): { students: RowStudent[]; errors: RowError[]; stamnummers: Set<string>; dataRows: number } {
  const header = rows[columns.headerRowIndex]!.cells;
  const mapped = (field: ImportField) => columns.byField[field] !== undefined;
  const emailSlots = EMAIL_FIELDS.reduce((n, f, i) => (mapped(f) ? i + 1 : n), 0);
  const firstRowOf = new Map<string, number>();
  const students: RowStudent[] = [];
  const errors: RowError[] = [];
  const stamnummers = new Set<string>();
  const data = rows.slice(columns.headerRowIndex + 1);

  for (const row of data) {
    const reader = rowReader(row, columns, header);
    const stamnummer = reader.text('stamnummer', true) ?? '';
    if (stamnummer && STAMNUMMER_RE.test(stamnummer)) stamnummers.add(stamnummer);
    if (row.problem) {
      reader.fail(null, row.problem, null);
      errors.push(...reader.errors);
      continue;
    }
    if (row.cells.slice(header.length).some((c) => c.trim() !== ''))
      reader.fail(null, 'extra_cells', null);
    checkStamnummer(reader, stamnummer, firstRowOf);
    const body = readBody(reader, stamnummer, emailSlots);
    if (!reader.errors.length) checkAgainstSchema(reader, body);
    if (reader.errors.length) errors.push(...reader.errors);
    else students.push({ row: row.number, body: body as CreateStudentBody, emailSlots });
  }
  return { students, errors, stamnummers, dataRows: data.length };
}

/** One data row's cells by field, and the errors found in them so far. */
interface RowReader {
  row: TableRow;
  errors: RowError[];
  mapped(field: ImportField): boolean;
  /** The trimmed cell, or undefined when the file has no column for the field. */
  cell(field: ImportField): string | undefined;
  /** The trimmed cell, with an error when it is empty but required, has control characters or is too long. */
  text(field: ImportField, required?: boolean): string | undefined;
  fail(
    field: ImportField | null,
    code: ImportRowCode,
    value: string | null,
    message?: string,
  ): void;
}

function rowReader(row: TableRow, columns: ColumnPlan, header: string[]): RowReader {
  const errors: RowError[] = [];
  const headerOf = (field: ImportField) => {
    const i = columns.byField[field];
    return i === undefined ? null : (header[i]?.trim() ?? null);
  };
  const reader: RowReader = {
    row,
    errors,
    mapped: (field) => columns.byField[field] !== undefined,
    cell(field) {
      const i = columns.byField[field];
      return i === undefined ? undefined : (row.cells[i] ?? '').trim();
    },
    text(field, required = false) {
      const v = reader.cell(field);
      if (v === undefined) return undefined;
      if (!v && required) reader.fail(field, 'required', null);
      else if (hasControlCharacters(v)) reader.fail(field, 'control_characters', v);
      else if (v.length > (MAX_LENGTH[field] ?? 254)) reader.fail(field, 'too_long', v);
      return v;
    },
    fail(field, code, value, message = MESSAGES[code]!) {
      errors.push({
        row: row.number,
        column: field ? headerOf(field) : null,
        field,
        code,
        message,
        value: value === null ? null : value.slice(0, 100),
      });
    },
  };
  return reader;
}

/** A well-formed stamnummer that no earlier row of the file has; the first row with it claims it. */
function checkStamnummer(reader: RowReader, stamnummer: string, firstRowOf: Map<string, number>) {
  const stamnummerReported = reader.errors.some((e) => e.field === 'stamnummer');
  if (stamnummer && !stamnummerReported && !STAMNUMMER_RE.test(stamnummer)) {
    reader.fail('stamnummer', 'invalid_stamnummer', stamnummer);
  }
  if (stamnummer && STAMNUMMER_RE.test(stamnummer)) {
    const first = firstRowOf.get(stamnummer);
    if (first !== undefined) {
      reader.fail(
        'stamnummer',
        'duplicate_stamnummer',
        stamnummer,
        `Stamnummer ${stamnummer} staat ook op rij ${first}.`,
      );
    } else firstRowOf.set(stamnummer, reader.row.number);
  }
}

/** The student body from the row's cells: only the fields the file has columns for. */
function readBody(
  reader: RowReader,
  stamnummer: string,
  emailSlots: number,
): Record<string, unknown> {
  const { mapped, cell, text, fail } = reader;
  const body: Record<string, unknown> = { stamnummer };
  body.firstName = text('firstName', true);
  body.lastName = text('lastName', true);
  if (mapped('group')) body.group = text('group');
  if (mapped('officialFirstName')) body.officialFirstName = text('officialFirstName') || null;
  if (mapped('officialLastName')) body.officialLastName = text('officialLastName') || null;
  if (mapped('gender')) {
    const v = cell('gender')!;
    const g = parseGender(v);
    if (g === undefined) fail('gender', 'invalid_gender', v);
    body.gender = g ?? null;
  }
  for (const field of ['birthDate', 'enrolledUntil'] as const) {
    if (!mapped(field)) continue;
    const v = cell(field)!;
    const d = parseDate(v);
    if (d === undefined) fail(field, 'invalid_date', v);
    body[field] = d ?? null;
  }
  if (emailSlots) {
    const emails: string[] = [];
    for (const field of EMAIL_FIELDS.slice(0, emailSlots)) {
      const v = cell(field) ?? '';
      if (v && !isEmail(v)) fail(field, 'invalid_email', v);
      else if (v) emails.push(v);
    }
    body.parentEmails = emails;
  }
  return body;
}

/** Whatever the specific checks missed, reported on the column it concerns. */
function checkAgainstSchema(reader: RowReader, body: Record<string, unknown>) {
  if (checkBody.Check(body)) return;
  for (const e of checkBody.Errors(body)) {
    const key = e.instancePath.split('/')[1] ?? '';
    const field = (key === 'parentEmails' ? 'parentEmail1' : key) as ImportField;
    reader.fail(
      reader.mapped(field) ? field : null,
      'invalid',
      String(body[key] ?? ''),
      `${MESSAGES.invalid} (${e.message})`,
    );
  }
}
