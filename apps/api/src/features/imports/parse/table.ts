import { AppError } from '../../../platform/errors/index.js';

/** One non-empty row of the uploaded sheet, with the row number the school sees in Excel. */
export interface TableRow {
  number: number;
  cells: string[];
  /** A CSV quoting problem on this row: its cells cannot be trusted. */
  problem?: 'unclosed_quote' | 'invalid_quote';
}

export const MAX_ROWS = 20_000;
/** Rows above the header (titles, blank lines) that are tolerated on top of MAX_ROWS. */
export const MAX_LEADING_ROWS = 10;

export const tooManyRows = () =>
  new AppError(
    'payload_too_large',
    `The file has more than ${MAX_ROWS.toLocaleString('en')} student rows. Split it or contact support.`,
    undefined,
    { reason: 'too_many_rows', maxRows: MAX_ROWS },
  );
