import { api, saveFile, unwrap, type Ok } from '../../api/client';
import type { paths } from '../../api/schema';

export type StudentDetail = Ok<'/api/v1/institutions/{iid}/students/{sid}', 'get'>;
export type Account = NonNullable<StudentDetail['account']>;
export type Proposal = Ok<'/api/v1/institutions/{iid}/account-proposals', 'post'>['items'][number];
export type BatchResult = Ok<'/api/v1/institutions/{iid}/accounts', 'post'>;
export type HistoryPage = Ok<'/api/v1/institutions/{iid}/students/{sid}/history', 'get'>;
type Body<P extends keyof paths> = paths[P] extends {
  post: { requestBody?: { content: { 'application/json': infer B } } };
}
  ? B
  : never;
export type CreateItem = Body<'/api/v1/institutions/{iid}/accounts'>['items'][number];
/** Which students: ids, or everyone matching a list filter. */
export type Selection = Pick<
  Body<'/api/v1/institutions/{iid}/account-proposals'>,
  'studentIds' | 'filter'
>;
type ProposalBody = Body<'/api/v1/institutions/{iid}/account-proposals'>;

/**
 * Proposals for a selection. Without a type the API proposes one per student by the school's
 * age rule, and without a kind the school's default basic password kind.
 */
export async function propose(
  iid: string,
  selection: Selection,
  type?: ProposalBody['type'],
  passwordKind?: ProposalBody['passwordKind'],
) {
  return unwrap(
    await api.POST('/api/v1/institutions/{iid}/account-proposals', {
      params: { path: { iid } },
      body: {
        ...selection,
        ...(type ? { type } : {}),
        ...(type !== 'advanced' && passwordKind ? { passwordKind } : {}),
      },
    }),
  ).items;
}

export async function createAccounts(iid: string, items: CreateItem[], key: string) {
  return unwrap(
    await api.POST('/api/v1/institutions/{iid}/accounts', {
      params: { path: { iid }, header: { 'idempotency-key': key } },
      body: { items },
    }),
  );
}

export type UsernameCheck = Ok<
  '/api/v1/institutions/{iid}/username-checks',
  'post'
>['items'][number];

/** The review's live check: invalid, taken (ever issued), used twice in the list, or free. */
export async function checkUsernames(iid: string, usernames: string[]) {
  return unwrap(
    await api.POST('/api/v1/institutions/{iid}/username-checks', {
      params: { path: { iid } },
      body: { usernames },
    }),
  ).items;
}

/** The result screen after a reload: the batch with the passwords that can still be printed. */
export async function batchCredentials(iid: string, bid: string): Promise<BatchResult> {
  return unwrap(
    await api.GET('/api/v1/institutions/{iid}/batches/{bid}/credentials', {
      params: { path: { iid, bid } },
    }),
  );
}

/** A new password of the same kind; the current one stops working. Returned once. */
export async function renewPassword(iid: string, sid: string) {
  return unwrap(
    await api.POST('/api/v1/institutions/{iid}/students/{sid}/account/password', {
      params: { path: { iid, sid } },
      body: {},
    }),
  );
}

/** Blocks the account (no login for the student nor its co-accounts), or lifts the block. */
/** Blocks (with the admin's reason, shown on the panel and in the history) or unblocks. */
export async function setBlocked(iid: string, sid: string, blocked: boolean, reason = '') {
  if (!blocked) {
    unwrap(
      await api.POST('/api/v1/institutions/{iid}/students/{sid}/account/unblock', {
        params: { path: { iid, sid } },
        body: {},
      }),
    );
    return;
  }
  const why = reason.trim();
  unwrap(
    await api.POST('/api/v1/institutions/{iid}/students/{sid}/account/block', {
      params: { path: { iid, sid } },
      body: why ? { reason: why } : {},
    }),
  );
}

/** A new username for the account (its history and co-accounts stay). */
export async function renameAccount(iid: string, sid: string, username: string) {
  unwrap(
    await api.PATCH('/api/v1/institutions/{iid}/students/{sid}/account', {
      params: { path: { iid, sid } },
      body: { username },
    }),
  );
}

export async function progress(iid: string, key: string) {
  const res = await api.GET('/api/v1/institutions/{iid}/account-requests/{key}', {
    params: { path: { iid, key } },
  });
  return res.response.ok ? res.data : undefined;
}

/** One page of the student's account history, newest first. */
export async function history(iid: string, sid: string, page = 1, pageSize = 50) {
  return unwrap(
    await api.GET('/api/v1/institutions/{iid}/students/{sid}/history', {
      params: { path: { iid, sid }, query: { page, pageSize } },
    }),
  );
}

export type ExportFormat = NonNullable<ExportQuery['format']>;
type ExportQuery = NonNullable<
  paths['/api/v1/institutions/{iid}/batches/{bid}/export']['get']['parameters']['query']
>;

/**
 * A batch's files as `choice` says: the file (the ZIP by default) and the print choices (first
 * sticker, a page per group).
 */
export async function downloadBatch(iid: string, bid: string, choice: ExportQuery = {}) {
  return saveFile(
    await api.GET('/api/v1/institutions/{iid}/batches/{bid}/export', {
      params: { path: { iid, bid }, query: { ...choice, format: choice.format ?? 'zip' } },
      parseAs: 'blob',
    }),
  );
}

/** Cards (reprint) for a selection; the choice as for downloadBatch. */
export async function reprint(iid: string, selection: Selection, choice: ExportQuery = {}) {
  return saveFile(
    await api.POST('/api/v1/institutions/{iid}/exports', {
      params: { path: { iid } },
      body: { ...selection, ...choice, format: choice.format ?? 'zip' },
      parseAs: 'blob',
    }),
  );
}

export async function letters(iid: string, selection: Selection) {
  return saveFile(
    await api.POST('/api/v1/institutions/{iid}/letters', {
      params: { path: { iid } },
      body: selection,
      parseAs: 'blob',
    }),
  );
}

export function newKey(): string {
  return `ui-${crypto.randomUUID()}`;
}
