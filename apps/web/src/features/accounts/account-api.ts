import { api, download, unwrap, type Ok } from '../../api/client';

export type StudentDetail = Ok<'/api/v1/institutions/{iid}/students/{sid}', 'get'>;
export type Account = NonNullable<StudentDetail['account']>;
export type Proposal = Ok<'/api/v1/institutions/{iid}/account-proposals', 'post'>['items'][number];
export type BatchResult = Ok<'/api/v1/institutions/{iid}/accounts', 'post'>;
export type HistoryPage = Ok<'/api/v1/institutions/{iid}/students/{sid}/history', 'get'>;
export type CreateItem = {
  studentId: string;
  type: 'basic' | 'advanced';
  passwordKind?: 'picture' | 'word' | 'temporary';
  username?: string;
  password?: string;
  pictures?: string[];
};
export type Selection = {
  studentIds?: string[];
  filter?: {
    q?: string;
    group?: string;
    status?: 'none' | 'active' | 'inactive' | 'blocked';
    type?: 'basic' | 'advanced' | 'none';
  };
};

export async function propose(
  iid: string,
  selection: Selection,
  type: 'basic' | 'advanced',
  passwordKind?: 'picture' | 'word',
) {
  return unwrap(
    await api.POST('/api/v1/institutions/{iid}/account-proposals', {
      params: { path: { iid } },
      body: { ...selection, type, ...(type === 'basic' && passwordKind ? { passwordKind } : {}) },
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

export async function progress(iid: string, key: string) {
  const res = await api.GET('/api/v1/institutions/{iid}/account-requests/{key}', {
    params: { path: { iid, key } },
  });
  return res.response.ok ? res.data : undefined;
}

export async function history(iid: string, sid: string) {
  return unwrap(
    await api.GET('/api/v1/institutions/{iid}/students/{sid}/history', {
      params: { path: { iid, sid }, query: { pageSize: 100 } },
    }),
  );
}

export function downloadBatch(
  iid: string,
  bid: string,
  format: 'zip' | 'xlsx' | 'cards' | 'stickers' = 'zip',
) {
  return download(`/api/v1/institutions/${iid}/batches/${bid}/export?format=${format}`, {
    method: 'GET',
    headers: {},
  });
}

export function reprint(
  iid: string,
  selection: Selection,
  format: 'zip' | 'cards' | 'stickers' | 'xlsx' = 'zip',
) {
  return download(`/api/v1/institutions/${iid}/exports`, {
    method: 'POST',
    body: JSON.stringify({ ...selection, format }),
  });
}

export function letters(iid: string, selection: Selection) {
  return download(`/api/v1/institutions/${iid}/letters`, {
    method: 'POST',
    body: JSON.stringify(selection),
  });
}

export function newKey(): string {
  return `ui-${crypto.randomUUID()}`;
}
