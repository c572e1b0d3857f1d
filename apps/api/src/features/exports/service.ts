import type { Locale } from '@schoolloket/core';
import type { ExportAccount } from '@schoolloket/core/export';
import type { Actor, AppContext } from '../../context.js';
import { AppError, assertId, notFound } from '../../platform/errors/index.js';
import { brusselsDate } from '../../platform/time/index.js';
import * as history from '../history/index.js';
import * as accountsRepo from '../accounts/index.js';
import * as institutionsRepo from '../institutions/index.js';
import { assertMayShowPasswords } from '../second-factor/index.js';
import type { ExportPool } from './export-pool.js';
import type { ExportTask } from './export-worker.js';
import * as repo from './repository.js';
import type {
  Format,
  LettersBody,
  PreviewBody,
  PrintQuery,
  ReprintBody,
  SelectionBody,
} from './schemas.js';
import type { ExportFile } from './files.js';
import { openAccounts, printableAt, selectionIds } from './selection.js';
import { temporaryExpired } from '../students/index.js';
import { build, thenRecord, PRODUCT, buildInWorker, slug } from './files.js';

async function recordExport(
  ctx: AppContext,
  actor: Actor,
  iid: string,
  accounts: ExportAccount[],
  format: Format,
  source: Record<string, unknown>,
) {
  await history.recordExported(
    ctx.db,
    actor,
    iid,
    accounts.map((a) => a.studentId),
    { format, ...source },
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
  await accountsRepo.assertMayShowBatch(
    ctx,
    actor,
    batch,
    rows.filter(printableAt(ctx.now())).length,
  );
  const accounts = (await openAccounts(ctx, rows)).filter((a): a is ExportAccount => !!a);
  if (accounts.length === 0)
    throw new AppError('conflict', {
      nl: 'Geen enkel account van deze reeks kan nog afgedrukt worden: de leerlingen hebben hun wachtwoord gewijzigd.',
      fr: 'Aucun compte de ce lot ne peut encore être imprimé : les élèves ont changé leur mot de passe.',
      en: 'None of the accounts of this batch can be printed any more: the students changed their passwords.',
    });
  const file = await build(ctx, pool, iid, accounts, format, print);
  // The batch's id as the database writes it (an id in capitals finds the same batch).
  return thenRecord(file, () =>
    recordExport(ctx, actor, iid, accounts, format, { batchId: batch.id }),
  );
}

type NotReprintable = {
  studentId: string;
  name: string;
  username: string | null;
  reason: 'no_account' | 'password_changed' | 'password_expired';
};

async function reprintSelection(ctx: AppContext, iid: string, body: SelectionBody, actor?: Actor) {
  const ids = await selectionIds(ctx, iid, body);
  const rows = await repo.exportRows(ctx.db, iid, ids);
  if (body.studentIds && rows.length !== ids.length) throw notFound('Student');
  // Before any secret is opened: the preview (no passwords in it) passes no actor.
  if (actor)
    await assertMayShowPasswords(
      ctx,
      actor,
      rows.length,
      rows.filter(printableAt(ctx.now())).length,
    );
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
        reason: !row.username
          ? 'no_account'
          : temporaryExpired(row, ctx.now())
            ? 'password_expired'
            : 'password_changed',
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
  const { accounts, notReprintable } = await reprintSelection(ctx, iid, body, actor);
  if (accounts.length === 0)
    throw new AppError(
      'unprocessable',
      {
        nl: 'Geen enkele leerling in deze selectie heeft een afdrukbaar wachtwoord.',
        fr: "Aucun élève de cette sélection n'a de mot de passe imprimable.",
        en: 'No student in this selection has a printable password.',
      },
      undefined,
      { notReprintable },
    );
  const format = body.format ?? 'zip';
  const { firstSticker, groupPages, offsetXMm, offsetYMm } = body;
  const file = await build(ctx, pool, iid, accounts, format, {
    ...(firstSticker !== undefined ? { firstSticker } : {}),
    ...(groupPages !== undefined ? { groupPages } : {}),
    ...(offsetXMm !== undefined ? { offsetXMm } : {}),
    ...(offsetYMm !== undefined ? { offsetYMm } : {}),
  });
  await thenRecord(file, () => recordExport(ctx, actor, iid, accounts, format, { reprint: true }));
  return { file, skipped: notReprintable.length };
}

type ExportRow = Awaited<ReturnType<typeof repo.exportRows>>[number];
type Institution = Awaited<ReturnType<typeof institutionsRepo.getById>>;
type LettersTask = Extract<ExportTask, { kind: 'letters' }>;

/** One letter per student with an account: in the chosen language, else the student's own. */
function letterStudents(rows: ExportRow[], locale: LettersBody['locale']): LettersTask['students'] {
  return rows.map((r) => ({
    firstName: r.first_name,
    lastName: r.last_name,
    group: r.group_name,
    username: r.username!,
    ...(locale ? { locale } : r.locale ? { locale: r.locale as Locale } : {}),
  }));
}

/** What every letter of the school shares: its name, its activation page and its helpdesk. */
function letterOptions(
  ctx: AppContext,
  iid: string,
  institution: Institution,
  locale: LettersBody['locale'],
  now: Date,
): LettersTask['options'] {
  return {
    locale: locale ?? (institution.locale as Locale),
    schoolName: institution.name,
    productName: PRODUCT,
    // The school in the address: the activation page then shows its helpdesk (GET /co-accounts/helpdesk).
    portalUrl: `${ctx.config.publicBaseUrl}/co-account/activeren?school=${iid}`,
    ...(institution.helpdesk_email || institution.helpdesk_phone
      ? {
          helpdesk: [institution.helpdesk_email, institution.helpdesk_phone]
            .filter(Boolean)
            .join(' · '),
        }
      : {}),
    now,
  };
}

export async function letters(
  ctx: AppContext,
  pool: ExportPool,
  iid: string,
  actor: Actor,
  body: LettersBody,
): Promise<{ file: ExportFile; skipped: number }> {
  const ids = await selectionIds(ctx, iid, body);
  const found = await repo.exportRows(ctx.db, iid, ids);
  // An id of no student of this school is a 404, as for the reprint (found by an outside test:
  // another school's student was counted as "no account yet").
  if (body.studentIds && found.length !== ids.length) throw notFound('Student');
  const rows = found.filter((r) => r.username);
  if (rows.length === 0)
    throw new AppError('unprocessable', {
      nl: 'Geen enkele leerling in deze selectie heeft al een account.',
      fr: "Aucun élève de cette sélection n'a encore de compte.",
      en: 'No student in this selection has an account yet.',
    });
  const institution = await institutionsRepo.getById(ctx.db, iid);
  const now = ctx.now();
  const task: ExportTask = {
    kind: 'letters',
    students: letterStudents(rows, body.locale),
    options: letterOptions(ctx, iid, institution, body.locale, now),
  };
  const file = await buildInWorker(
    pool,
    task,
    `${slug(institution.name)}-${brusselsDate(now)}-parent-letters.pdf`,
    'application/pdf',
  );
  const recorded = await thenRecord(file, () =>
    history.record(
      ctx.db,
      actor,
      iid,
      rows.map((r) => ({ studentId: r.id, kind: 'letter_printed' as const })),
      now,
    ),
  );
  // Students without an account get no letter: the parents would have no username to use.
  return { file: recorded, skipped: new Set(ids).size - rows.length };
}
