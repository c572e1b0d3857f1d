import { api, unwrap, type Ok } from '../../api/client';
import { createPasskey } from '../../composables/passkeys';

export type Overview = Ok<'/api/v1/me/security', 'get'>;
export type Passkey = Ok<'/api/v1/me/security/passkeys', 'get'>['items'][number];
export type OwnSession = Ok<'/api/v1/me/sessions', 'get'>['items'][number];
export type TotpSetup = Ok<'/api/v1/me/security/totp', 'post'>;

export const overview = async () => unwrap(await api.GET('/api/v1/me/security'));

export const listPasskeys = async () => unwrap(await api.GET('/api/v1/me/security/passkeys')).items;

/** Options from the API, the browser's prompt, the answer back: the new passkey. */
export async function addPasskey(name: string): Promise<Passkey> {
  const options = unwrap(await api.POST('/api/v1/me/security/passkeys/options'));
  const credential = await createPasskey(options);
  return unwrap(
    await api.POST('/api/v1/me/security/passkeys', {
      body: { name, credential: credential as never },
    }),
  );
}

export const renamePasskey = async (passkeyId: string, name: string) =>
  unwrap(
    await api.PATCH('/api/v1/me/security/passkeys/{passkeyId}', {
      params: { path: { passkeyId } },
      body: { name },
    }),
  );

export async function removePasskey(passkeyId: string): Promise<void> {
  unwrap(
    await api.DELETE('/api/v1/me/security/passkeys/{passkeyId}', {
      params: { path: { passkeyId } },
    }),
  );
}

export const startTotp = async () => unwrap(await api.POST('/api/v1/me/security/totp'));

export async function confirmTotp(code: string): Promise<void> {
  unwrap(await api.POST('/api/v1/me/security/totp/confirm', { body: { code } }));
}

export async function removeTotp(): Promise<void> {
  unwrap(await api.DELETE('/api/v1/me/security/totp'));
}

export const newRecoveryCodes = async () =>
  unwrap(await api.POST('/api/v1/me/security/recovery-codes')).codes;

export const listSessions = async () => unwrap(await api.GET('/api/v1/me/sessions')).items;

export async function endSession(sessionId: string): Promise<void> {
  unwrap(await api.DELETE('/api/v1/me/sessions/{sessionId}', { params: { path: { sessionId } } }));
}
