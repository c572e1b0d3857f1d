import { AppError, type FieldError } from '../../../platform/errors/index.js';
import { foldForSearch } from '@schoolloket/core';
import type { TableRow } from './table.js';

// Which column holds what: by the header names that Flemish, Walloon and English school
// administration packages write, or by a mapping the admin chose in the dashboard.

export const IMPORT_FIELDS = [
  'stamnummer',
  'firstName',
  'lastName',
  'group',
  'gender',
  'birthDate',
  'enrolledUntil',
  'officialFirstName',
  'officialLastName',
  'parentEmail1',
  'parentEmail2',
  'parentEmail3',
  'parentEmail4',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const REQUIRED_FIELDS: ImportField[] = ['stamnummer', 'firstName', 'lastName'];

/** Headers folded by `headerKey`: lowercase, no accents, only letters and digits. */
const HEADERS: Record<ImportField, string[]> = {
  stamnummer: [
    'stamnummer',
    'stamnr',
    'stamnummerleerling',
    'leerlingnummer',
    'leerlingnr',
    'studentnumber',
    'studentnr',
    'studentno',
    'studentid',
    'pupilnumber',
    'numeromatricule',
    'matricule',
    'nmatricule',
    'nomatricule',
    'numerodematricule',
    'numeroeleve',
    'numerodeleve',
  ],
  firstName: ['voornaam', 'roepnaam', 'prenom', 'firstname', 'givenname', 'forename'],
  lastName: [
    'naam',
    'familienaam',
    'achternaam',
    'nom',
    'nomdefamille',
    'lastname',
    'surname',
    'familyname',
  ],
  group: [
    'klas',
    'klasgroep',
    'administratievegroep',
    'admgroep',
    'groep',
    'klascode',
    'groupe',
    'groupeadministratif',
    'classe',
    'class',
    'group',
    'administrativegroup',
    'form',
  ],
  gender: ['geslacht', 'gender', 'sexe', 'sex', 'genre'],
  birthDate: [
    'geboortedatum',
    'geborenop',
    'datedenaissance',
    'naissance',
    'nele',
    'birthdate',
    'dateofbirth',
    'dob',
    'birthday',
  ],
  enrolledUntil: [
    'ingeschreventot',
    'einddatum',
    'einddatuminschrijving',
    'uitschrijvingsdatum',
    'uitgeschrevenop',
    'inscritjusquau',
    'inscritjusqua',
    'datedefin',
    'datedefininscription',
    'findinscription',
    'enddate',
    'enrolleduntil',
    'enrolmentend',
    'enrollmentend',
  ],
  officialFirstName: [
    'officielevoornaam',
    'voornaamofficieel',
    'officielevoornamen',
    'prenomofficiel',
    'prenomlegal',
    'officialfirstname',
    'legalfirstname',
  ],
  officialLastName: [
    'officielenaam',
    'officielefamilienaam',
    'naamofficieel',
    'nomofficiel',
    'nomlegal',
    'officiallastname',
    'legallastname',
  ],
  parentEmail1: [],
  parentEmail2: [],
  parentEmail3: [],
  parentEmail4: [],
};

const LOOKUP = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS) for (const h of HEADERS[field]) LOOKUP.set(h, field);

export function headerKey(header: string): string {
  return foldForSearch(header).replace(/[^a-z0-9]/g, '');
}

// "E-mail ouder 1", "Email parent 2", "Courriel responsable 1", "Parent 1 e-mail", "mail ouder".
const MAIL = '(?:e?mail|emailadres|mailadres|courriel|adressemail|adressecourriel)';
const WHO = '(?:ouder|ouders|parent|parents|responsable|tuteur|guardian)';
const EMAIL_RE = [new RegExp(`^${MAIL}${WHO}([1-4])?$`), new RegExp(`^${WHO}([1-4])?${MAIL}$`)];

export function fieldForHeader(header: string): ImportField | null {
  const key = headerKey(header);
  if (!key) return null;
  const known = LOOKUP.get(key);
  if (known) return known;
  for (const re of EMAIL_RE) {
    const m = re.exec(key);
    if (m) return `parentEmail${m[1] ?? '1'}` as ImportField;
  }
  return null;
}

export interface ColumnInfo {
  index: number;
  header: string;
  field: ImportField | null;
}

export interface ColumnPlan {
  headerRowIndex: number;
  columns: ColumnInfo[];
  byField: Partial<Record<ImportField, number>>;
}

/** A manual mapping: field → column index (0-based) or header text. */
export type ManualMapping = Partial<Record<ImportField, number | string>>;

const HEADER_SEARCH_ROWS = 10;

function autoColumns(header: string[]): { columns: ColumnInfo[]; byField: ColumnPlan['byField'] } {
  const byField: ColumnPlan['byField'] = {};
  const columns = header.map((h, index) => {
    const field = fieldForHeader(h);
    // A second column with the same meaning is listed but not used.
    if (field && byField[field] === undefined) {
      byField[field] = index;
      return { index, header: h, field };
    }
    return { index, header: h, field: null };
  });
  return { columns, byField };
}

function samplesFor(rows: TableRow[], from: number, index: number): string[] {
  const out: string[] = [];
  for (let r = from; r < rows.length && out.length < 3; r++) {
    const v = rows[r]!.cells[index]?.trim();
    if (v) out.push(v.slice(0, 60));
  }
  return out;
}

function unrecognised(rows: TableRow[], headerRowIndex: number, message: string): AppError {
  const header = rows[headerRowIndex]?.cells ?? [];
  const { columns } = autoColumns(header);
  const found = new Set(columns.flatMap((c) => (c.field ? [c.field] : [])));
  return new AppError('columns_unrecognised', message, undefined, {
    headerRow: rows[headerRowIndex]?.number ?? null,
    columns: columns.map((c) => ({ ...c, samples: samplesFor(rows, headerRowIndex + 1, c.index) })),
    missingFields: REQUIRED_FIELDS.filter((f) => !found.has(f)),
    fields: IMPORT_FIELDS,
    requiredFields: REQUIRED_FIELDS,
  });
}

/** Picks the header row among the first rows: the one naming the most known fields. */
function bestHeaderRow(rows: TableRow[]) {
  let best = { index: 0, score: 0 };
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    const fields = new Set(rows[i]!.cells.map(fieldForHeader).filter(Boolean));
    if (fields.size > best.score) best = { index: i, score: fields.size };
  }
  return best;
}

/** Picks the header row among the first rows: the one naming the most known fields. */
export function detectColumns(rows: TableRow[]): ColumnPlan {
  const best = bestHeaderRow(rows);
  const { columns, byField } = autoColumns(rows[best.index]?.cells ?? []);
  const missing = REQUIRED_FIELDS.filter((f) => byField[f] === undefined);
  if (missing.length) {
    const width = Math.max(...rows.slice(0, HEADER_SEARCH_ROWS).map((r) => r.cells.length));
    const hint =
      width <= 1
        ? ' Only one column was found: the columns may be separated by another character than ; , or tab.'
        : ' Choose which column holds what.';
    throw unrecognised(
      rows,
      best.index,
      `No column was recognised for ${missing.join(', ')}.${hint}`,
    );
  }
  return { headerRowIndex: best.index, columns, byField };
}

/** Applies a mapping chosen by the admin; the header row is the first row naming its headers. */
export function manualColumns(rows: TableRow[], mapping: ManualMapping): ColumnPlan {
  const errors: FieldError[] = [];
  const entries = Object.entries(mapping) as Array<[ImportField, number | string]>;
  const names = entries.flatMap(([, v]) => (typeof v === 'string' ? [v.trim()] : []));
  let headerRowIndex = names.length ? -1 : bestHeaderRow(rows).index;
  for (let i = 0; names.length && i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    const cells = rows[i]!.cells.map((c) => c.trim());
    if (names.every((n) => cells.includes(n))) {
      headerRowIndex = i;
      break;
    }
  }
  if (headerRowIndex < 0) {
    throw new AppError('validation_failed', 'The mapping names columns that are not in the file.', [
      { path: 'mapping', message: `no row holds all of: ${names.join(', ')}` },
    ]);
  }
  const header = rows[headerRowIndex]!.cells.map((c) => c.trim());
  const byField: ColumnPlan['byField'] = {};
  const used = new Map<number, ImportField>();
  for (const [field, ref] of entries) {
    const index = typeof ref === 'number' ? ref : header.indexOf(ref.trim());
    if (index < 0 || index >= header.length) {
      errors.push({
        path: `mapping.${field}`,
        message: `column ${JSON.stringify(ref)} is not in the file`,
      });
      continue;
    }
    const other = used.get(index);
    if (other) {
      errors.push({
        path: `mapping.${field}`,
        message: `column ${index} is already mapped to ${other}`,
      });
      continue;
    }
    used.set(index, field);
    byField[field] = index;
  }
  for (const f of REQUIRED_FIELDS) {
    if (byField[f] === undefined && !errors.some((e) => e.path === `mapping.${f}`)) {
      errors.push({ path: `mapping.${f}`, message: 'is required' });
    }
  }
  if (errors.length) {
    throw new AppError('validation_failed', 'The column mapping is not valid.', errors);
  }
  const columns = header.map((h, index) => ({ index, header: h, field: used.get(index) ?? null }));
  return { headerRowIndex, columns, byField };
}
