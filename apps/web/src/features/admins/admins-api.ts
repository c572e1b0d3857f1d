import { api, unwrap, type Schemas } from '../../api/client';

export type Admin = Schemas['Admin'];
export type AdminRole = Admin['role'];

export async function listAdmins(iid: string): Promise<Admin[]> {
  return unwrap(await api.GET('/api/v1/institutions/{iid}/admins', { params: { path: { iid } } }));
}

/** Without a password: the user is created pending and the API mails an invitation link. */
export async function addAdmin(
  iid: string,
  body: { email: string; name: string; role: AdminRole },
): Promise<Admin> {
  return unwrap(
    await api.POST('/api/v1/institutions/{iid}/admins', { params: { path: { iid } }, body }),
  );
}

export async function resendInvitation(iid: string, userId: string): Promise<Admin> {
  return unwrap(
    await api.POST('/api/v1/institutions/{iid}/admins/{userId}/invitation', {
      params: { path: { iid, userId } },
    }),
  );
}

/** Removes every second factor of a colleague (lost phone); recorded and mailed to them. */
export async function resetSecondFactor(iid: string, adminId: string): Promise<void> {
  unwrap(
    await api.POST('/api/v1/institutions/{iid}/admins/{adminId}/second-factor-reset', {
      params: { path: { iid, adminId } },
    }),
  );
}
