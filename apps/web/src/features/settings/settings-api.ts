import { api, unwrap, type Schemas } from '../../api/client';

export type Institution = Schemas['Institution'];
export type InstitutionPatch = Partial<Omit<Institution, 'id' | 'createdAt'>>;
export type ApiKey = Schemas['ApiKey'];
export type ApiKeyScope = ApiKey['scope'];

export async function getInstitution(iid: string): Promise<Institution> {
  return unwrap(await api.GET('/api/v1/institutions/{iid}', { params: { path: { iid } } }));
}

export async function patchInstitution(iid: string, body: InstitutionPatch): Promise<Institution> {
  return unwrap(await api.PATCH('/api/v1/institutions/{iid}', { params: { path: { iid } }, body }));
}

export async function listApiKeys(iid: string): Promise<ApiKey[]> {
  return unwrap(
    await api.GET('/api/v1/institutions/{iid}/api-keys', { params: { path: { iid } } }),
  );
}

export async function createApiKey(iid: string, body: { name: string; scope: ApiKeyScope }) {
  return unwrap(
    await api.POST('/api/v1/institutions/{iid}/api-keys', { params: { path: { iid } }, body }),
  );
}

export async function revokeApiKey(iid: string, keyId: string): Promise<void> {
  const res = await api.DELETE('/api/v1/institutions/{iid}/api-keys/{keyId}', {
    params: { path: { iid, keyId } },
  });
  unwrap({ ...res, data: null });
}

export async function listSchools(): Promise<Institution[]> {
  return unwrap(await api.GET('/api/v1/institutions'));
}

export async function createSchool(body: {
  name: string;
  locale: Institution['locale'];
}): Promise<Institution> {
  return unwrap(await api.POST('/api/v1/institutions', { body }));
}

export async function inviteFirstAdmin(iid: string, body: { name: string; email: string }) {
  return unwrap(
    await api.POST('/api/v1/institutions/{iid}/admins', {
      params: { path: { iid } },
      body: { ...body, role: 'admin' },
    }),
  );
}
