import type { ExportAccount } from '@schoolloket/core/export';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Actor, AppContext } from '../../context.js';
import { AppError, assertId, notFound } from '../../errors/app-error.js';
import { brusselsDate } from '../../time/brussels.js';
import { openSecret } from '../accounts/credentials.js';
import * as history from '../history/service.js';
import * as studentsRepo from '../students/repository.js';
import type { StudentFilter } from '../students/schemas.js';
import { today } from '../students/service.js';
import * as accountsRepo from '../accounts/repository.js';
import * as institutionsRepo from '../institutions/repository.js';
import type { ExportPool } from './export-pool.js';
import type { ExportTask } from './export-worker.js';
import * as repo from './repository.js';
import { removeSpooled, type SpooledFile } from './spool.js';
import type {
  Format,
  LettersBody,
  PreviewBody,
  PrintQuery,
  ReprintBody,
  SelectionBody,
} from './schemas.js';

export const MAX_EXPORT = 10_000;
const PRODUCT = 'Schoolloket';
/** Secrets decrypted between two turns of the event loop (10,000 take ~150 ms in all). */
const OPEN_SLICE = 500;

export interface ExportFile {
  filename: string;
  contentType: string;
  /** sealed on disk until the answer streams it (readSpooled), which deletes it */
  file: SpooledFile;
  /** where and how long the file was built (for the log) */
  built: { threadId: number; ms: number };
}

const CONTENT_TYPES: Record<Format, string> = {
  zip: 'application/zip',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  cards: 'application/pdf',
  stickers: 'application/pdf',
};
const SUFFIX: Record<Format, string> = {
  zip: 'accounts.zip',
  xlsx: 'accounts.xlsx',
  cards: 'cards-a4.pdf',
  stickers: 'stickers-105x48.pdf',
};

function slug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'school'
  );
}

type Row = Awaited<ReturnType<typeof repo.exportRows>>[number];

async function selectionIds(
  ctx: AppContext,
  iid: string,
  body: { studentIds?: string[]; filter?: StudentFilter },
): Promise<string[]> {
  if (!body.studentIds && !body.filter) {
    throw new AppError('validation_failed', 'Give studentIds or a filter.', [
      { path: 'body.studentIds', message: 'studentIds or filter is required' },
    ]);
  }
  const ids = body.studentIds
    ? [...new Set(body.studentIds)]
    : (
        await studentsRepo.listStudentIds(ctx.db, iid, body.filter!, today(ctx), MAX_EXPORT + 1)
      ).map((r) => r.id);
  if (ids.length === 0)
    throw new AppError('validation_failed', 'The selection is empty.', [
      { path: 'body', message: 'no students selected' },
    ]);
  if (ids.length > MAX_EXPORT)
    throw new AppError('payload_too_large', `At most ${MAX_EXPORT} students per export.`);
  return ids;
}

function toExportAccount(ctx: AppContext, row: Row): ExportAccount | undefined {
  if (
    !row.username ||
    !row.secret_enc ||
    !row.type ||
    row.password_kind === 'own' ||
    !row.password_kind
  )
    return undefined;
  const secret = openSecret((a, b) => ctx.secrets.open(a, b), row.id, row.secret_enc);
  return {
    studentId: row.id,
    stamnummer: row.stamnummer,
    firstName: row.first_name,
    lastName: row.last_name,
    group: row.group_name,
    username: row.username,
    type: row.type,
    passwordKind: row.password_kind,
    ...(secret.password ? { password: secret.password } : {}),
    ...(secret.pictures ? { pictures: secret.pictures } : {}),
    url: `${ctx.config.publicBaseUrl}/u/${encodeURIComponent(row.username)}`,
  };
}

/** The rows as printable accounts (undefined: nothing to print), decrypted in slices. */
async function openAccounts(
  ctx: AppContext,
  rows: Row[],
): Promise<Array<ExportAccount | undefined>> {
  const accounts: Array<ExportAccount | undefined> = [];
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && i % OPEN_SLICE === 0) await yieldToEventLoop();
    accounts.push(toExportAccount(ctx, rows[i]!));
  }
  return accounts;
}

/** Builds the file in the export pool's worker thread, off the event loop. */
async function buildInWorker(
  pool: ExportPool,
  task: ExportTask,
  filename: string,
  contentType: string,
): Promise<ExportFile> {
  const { file, threadId, ms } = await pool.run(task);
  return { filename, contentType, file, built: { threadId, ms } };
}

/** Records the export; the built file is deleted when that fails (nothing is answered then). */
async function thenRecord(file: ExportFile, record: () => Promise<unknown>): Promise<ExportFile> {
  try {
    await record();
  } catch (err) {
    removeSpooled(file.file);
    throw err;
  }
  return file;
}

async function build(
  ctx: AppContext,
  pool: ExportPool,
  iid: string,
  accounts: ExportAccount[],
  format: Format,
  print: PrintQuery,
): Promise<ExportFile> {
  const institution = await institutionsRepo.getById(ctx.db, iid);
  const now = ctx.now();
  const base = institution.personal_url_base;
  return buildInWorker(
    pool,
    {
      kind: 'accounts',
      format,
      // The school may print its own address for the personal page (it must lead to /u/).
      accounts: base
        ? accounts.map((a) => ({ ...a, url: `${base}/${encodeURIComponent(a.username)}` }))
        : accounts,
      options: {
        locale: institution.locale as 'nl' | 'fr' | 'en',
        productName: PRODUCT,
        schoolName: institution.name,
        now,
        print: {
          offset: {
            x: Number(institution.print_offset_x_mm),
            y: Number(institution.print_offset_y_mm),
          },
          ...(print.firstSticker !== undefined ? { firstSticker: print.firstSticker } : {}),
          ...(print.groupPages !== undefined ? { groupPages: print.groupPages } : {}),
        },
      },
    },
    `${slug(institution.name)}-${brusselsDate(now)}-${SUFFIX[format]}`,
    CONTENT_TYPES[format],
  );
}

async function recordExport(
  ctx: AppContext,
  actor: Actor,
  iid: string,
  accounts: ExportAccount[],
  format: Format,
  source: Record<string, unknown>,
) {
  await history.record(
    ctx.db,
    actor,
    iid,
    accounts.map((a) => ({
      studentId: a.studentId,
      kind: 'exported' as const,
      detail: { format, ...source },
    })),
    ctx.now(),
  );
}

export async function batchExport(
  ctx: AppContext,
  pool: ExportPool,
  iid: string,
  bid: string,
  actor: Actor,
  format: Format,
  print: PrintQuery = {},
): Promise<ExportFile> {
  assertId(bid, 'Batch');
  const batch = await accountsRepo.findBatch(ctx.db, iid, bid);
  if (!batch) throw notFound('Batch');
  const rows = await repo.exportRows(ctx.db, iid, batch.student_ids);
  const accounts = (await openAccounts(ctx, rows)).filter((a): a is ExportAccount => !!a);
  if (accounts.length === 0)
    throw new AppError(
      'conflict',
      'None of the accounts of this batch can be printed any more: the students changed their passwords.',
    );
  const file = await build(ctx, pool, iid, accounts, format, print);
  return thenRecord(file, () => recordExport(ctx, actor, iid, accounts, format, { batchId: bid }));
}

type NotReprintable = {
  studentId: string;
  name: string;
  username: string | null;
  reason: 'no_account' | 'password_changed';
};

async function reprintSelection(ctx: AppContext, iid: string, body: SelectionBody) {
  const ids = await selectionIds(ctx, iid, body);
  const rows = await repo.exportRows(ctx.db, iid, ids);
  if (body.studentIds && rows.length !== ids.length) throw notFound('Student');
  const opened = await openAccounts(ctx, rows);
  const accounts: ExportAccount[] = [];
  const notReprintable: NotReprintable[] = [];
  rows.forEach((row, i) => {
    const account = opened[i];
    if (account) accounts.push(account);
    else
      notReprintable.push({
        studentId: row.id,
        name: `${row.first_name} ${row.last_name}`,
        username: row.username,
        reason: row.username ? 'password_changed' : 'no_account',
      });
  });
  return { accounts, notReprintable };
}

export async function reprintPreview(ctx: AppContext, iid: string, body: PreviewBody) {
  const { sample, ...selection } = body;
  const { accounts, notReprintable } = await reprintSelection(ctx, iid, selection);
  return {
    reprintable: accounts.length,
    notReprintable,
    // For the dashboard's print preview: the layout needs the length of a password (printed in
    // a monospace font) and the number of pictures, never the secret itself.
    ...(sample
      ? {
          sample: accounts.map((a) => ({
            firstName: a.firstName,
            lastName: a.lastName,
            group: a.group,
            username: a.username,
            type: a.type,
            passwordKind: a.passwordKind,
            ...(a.password !== undefined ? { passwordLength: a.password.length } : {}),
            ...(a.pictures !== undefined ? { pictureCount: a.pictures.length } : {}),
          })),
        }
      : {}),
  };
}

export async function reprint(
  ctx: AppContext,
  pool: ExportPool,
  iid: string,
  actor: Actor,
  body: ReprintBody,
) {
  const { accounts, notReprintable } = await reprintSelection(ctx, iid, body);
  if (accounts.length === 0)
    throw new AppError(
      'unprocessable',
      'Geen enkele leerling in deze selectie heeft een afdrukbaar wachtwoord.',
      undefined,
      { notReprintable },
    );
  const format = body.format ?? 'zip';
  const file = await build(ctx, pool, iid, accounts, format, {
    ...(body.firstSticker !== undefined ? { firstSticker: body.firstSticker } : {}),
    ...(body.groupPages !== undefined ? { groupPages: body.groupPages } : {}),
  });
  await thenRecord(file, () => recordExport(ctx, actor, iid, accounts, format, { reprint: true }));
  return { file, skipped: notReprintable.length };
}

export async function letters(
  ctx: AppContext,
  pool: ExportPool,
  iid: string,
  actor: Actor,
  body: LettersBody,
): Promise<ExportFile> {
  const ids = await selectionIds(ctx, iid, body);
  const rows = (await repo.exportRows(ctx.db, iid, ids)).filter((r) => r.username);
  if (rows.length === 0)
    throw new AppError(
      'unprocessable',
      'Geen enkele leerling in deze selectie heeft al een account.',
    );
  const institution = await institutionsRepo.getById(ctx.db, iid);
  const now = ctx.now();
  const task: ExportTask = {
    kind: 'letters',
    students: rows.map((r) => ({
      firstName: r.first_name,
      lastName: r.last_name,
      group: r.group_name,
      username: r.username!,
      ...(body.locale
        ? { locale: body.locale }
        : r.locale
          ? { locale: r.locale as 'nl' | 'fr' | 'en' }
          : {}),
    })),
    options: {
      locale: body.locale ?? (institution.locale as 'nl' | 'fr' | 'en'),
      schoolName: institution.name,
      productName: PRODUCT,
      portalUrl: `${ctx.config.publicBaseUrl}/co-account/activeren`,
      ...(institution.helpdesk_email || institution.helpdesk_phone
        ? {
            helpdesk: [institution.helpdesk_email, institution.helpdesk_phone]
              .filter(Boolean)
              .join(' · '),
          }
        : {}),
      now,
    },
  };
  const file = await buildInWorker(
    pool,
    task,
    `${slug(institution.name)}-${brusselsDate(now)}-parent-letters.pdf`,
    'application/pdf',
  );
  return thenRecord(file, () =>
    history.record(
      ctx.db,
      actor,
      iid,
      rows.map((r) => ({ studentId: r.id, kind: 'letter_printed' as const })),
      now,
    ),
  );
}
