import { api, unwrap, type Schemas } from '../../api/client';

export type LearningApp = Schemas['LearningApp'];
export type AppEvent = Schemas['AppEvent'];
export type Audience = LearningApp['audience'];

/** What the form sends; `clientType` only when registering. */
export interface AppInput {
  name: string;
  logoUrl: string | null;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  launchUrl: string | null;
  audience: Audience;
  groups: string[] | null;
  subjectType: LearningApp['subjectType'];
  requiresConsent: boolean;
}

/** A school's apps (iid) or the platform's (null). */
export type Scope = string | null;

export async function listApps(scope: Scope): Promise<LearningApp[]> {
  return scope
    ? unwrap(await api.GET('/api/v1/institutions/{iid}/apps', { params: { path: { iid: scope } } }))
    : unwrap(await api.GET('/api/v1/platform/apps'));
}

export async function createApp(
  scope: Scope,
  body: AppInput & { clientType: LearningApp['clientType'] },
) {
  const sent = { ...body, groups: scope ? body.groups : undefined };
  return scope
    ? unwrap(
        await api.POST('/api/v1/institutions/{iid}/apps', {
          params: { path: { iid: scope } },
          body: sent,
        }),
      )
    : unwrap(await api.POST('/api/v1/platform/apps', { body: sent }));
}

export async function updateApp(
  scope: Scope,
  appId: string,
  body: Partial<AppInput> & { disabled?: boolean },
) {
  return scope
    ? unwrap(
        await api.PATCH('/api/v1/institutions/{iid}/apps/{appId}', {
          params: { path: { iid: scope, appId } },
          body,
        }),
      )
    : unwrap(
        await api.PATCH('/api/v1/platform/apps/{appId}', { params: { path: { appId } }, body }),
      );
}

export async function deleteApp(scope: Scope, appId: string): Promise<void> {
  const res = scope
    ? await api.DELETE('/api/v1/institutions/{iid}/apps/{appId}', {
        params: { path: { iid: scope, appId } },
      })
    : await api.DELETE('/api/v1/platform/apps/{appId}', { params: { path: { appId } } });
  unwrap({ ...res, data: null });
}

export async function rotateSecret(scope: Scope, appId: string) {
  return scope
    ? unwrap(
        await api.POST('/api/v1/institutions/{iid}/apps/{appId}/secret', {
          params: { path: { iid: scope, appId } },
        }),
      )
    : unwrap(
        await api.POST('/api/v1/platform/apps/{appId}/secret', { params: { path: { appId } } }),
      );
}

/** A school switches an app on or off for itself. */
export async function switchApp(iid: string, appId: string, enabled: boolean) {
  return unwrap(
    await api.PUT('/api/v1/institutions/{iid}/apps/{appId}/enabled', {
      params: { path: { iid, appId } },
      body: { enabled },
    }),
  );
}

export async function appHistory(scope: Scope, appId: string): Promise<AppEvent[]> {
  return scope
    ? unwrap(
        await api.GET('/api/v1/institutions/{iid}/apps/{appId}/history', {
          params: { path: { iid: scope, appId } },
        }),
      )
    : unwrap(
        await api.GET('/api/v1/platform/apps/{appId}/history', { params: { path: { appId } } }),
      );
}

const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'];
export const LOGO_MAX_BYTES = 64 * 1024;

/** The chosen file as the data: URL the API stores, or why it cannot be a logo. */
export function readLogo(file: File): Promise<{ url: string } | { problem: 'type' | 'size' }> {
  if (!LOGO_TYPES.includes(file.type)) return Promise.resolve({ problem: 'type' });
  if (file.size > LOGO_MAX_BYTES) return Promise.resolve({ problem: 'size' });
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve({ url: String(reader.result) });
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

export type StudentAppUse = Schemas['StudentAppUse'];

/** The apps a student (and the student's parents) signed in to, last first. */
export async function studentAppUse(iid: string, sid: string): Promise<StudentAppUse[]> {
  return unwrap(
    await api.GET('/api/v1/institutions/{iid}/students/{sid}/apps', {
      params: { path: { iid, sid } },
    }),
  );
}
