import { api, unwrap, type Ok, type Schemas } from '../../api/client';

export type CoAccount = Schemas['CoAccount'];
export type CoAccountOverview = Ok<'/api/v1/institutions/{iid}/co-accounts/overview', 'get'>;
export type GroupOverview = CoAccountOverview['groups'][number];
export type PendingStudent = CoAccountOverview['items'][number];

const slotPath = (iid: string, sid: string, slot: number) => ({
  params: { path: { iid, sid, slot } },
});

export async function listCoAccounts(iid: string, sid: string): Promise<CoAccount[]> {
  return unwrap(
    await api.GET('/api/v1/institutions/{iid}/students/{sid}/co-accounts', {
      params: { path: { iid, sid } },
    }),
  );
}

export async function registerEmail(iid: string, sid: string, slot: number, email: string) {
  return unwrap(
    await api.PUT('/api/v1/institutions/{iid}/students/{sid}/co-accounts/{slot}', {
      ...slotPath(iid, sid, slot),
      body: { email },
    }),
  );
}

export async function sendActivation(iid: string, sid: string, slot: number) {
  return unwrap(
    await api.POST(
      '/api/v1/institutions/{iid}/students/{sid}/co-accounts/{slot}/invitation',
      slotPath(iid, sid, slot),
    ),
  );
}

export async function revokeCoAccount(iid: string, sid: string, slot: number) {
  return unwrap(
    await api.DELETE(
      '/api/v1/institutions/{iid}/students/{sid}/co-accounts/{slot}',
      slotPath(iid, sid, slot),
    ),
  );
}

/** The whole overview of one group (or of the school): every pending student on one page. */
export async function overview(iid: string, group?: string): Promise<CoAccountOverview> {
  return unwrap(
    await api.GET('/api/v1/institutions/{iid}/co-accounts/overview', {
      params: { path: { iid }, query: { ...(group ? { group } : {}), pageSize: 500 } },
    }),
  );
}

export async function inviteAll(
  iid: string,
  body: { group?: string; expectedCount: number },
): Promise<{ sent: number }> {
  return unwrap(
    await api.POST('/api/v1/institutions/{iid}/co-accounts/invitations', {
      params: { path: { iid } },
      body,
    }),
  );
}
