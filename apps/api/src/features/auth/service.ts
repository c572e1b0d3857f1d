import type { AppContext } from '../../context.js';
import { AppError } from '../../platform/errors/index.js';
import type { Me } from './schemas.js';
import { ADMIN_IP_POLICY, adminIpKey, adminKey } from '../../platform/throttles/index.js';
import { admit, admitted, refused } from '../../platform/throttles/index.js';
import * as repo from './repository.js';
import { createSession } from './sessions.js';

/**
 * POST /auth/login. Unknown addresses cost one verification too and get the same 401. Failures
 * from a browser with a device cookie for this address count against that browser; those of
 * untrusted clients per e-mail address (known or not, so a lock tells nothing either) and per
 * client address.
 */
export async function login(
  ctx: AppContext,
  email: string,
  password: string,
  client: { ip: string; deviceCookie: string | undefined },
) {
  const now = ctx.now();
  const key = adminKey(email);
  const gate = await admit(
    ctx,
    {
      realm: 'admin',
      name: key,
      nameKey: key,
      ipKey: adminIpKey(client.ip),
      ipPolicy: ADMIN_IP_POLICY,
    },
    client.deviceCookie,
  );
  const user = await repo.findAdminByEmail(ctx.db, email.trim());
  const ok = user?.password_hash
    ? await ctx.hasher.verify(user.password_hash, password)
    : await ctx.hasher.verifyDummy(password);
  if (!user || !ok) {
    await refused(ctx, gate);
    throw new AppError('invalid_credentials', 'E-mail address or password is incorrect.');
  }
  const deviceCookie = await admitted(ctx, gate, 'a', client.deviceCookie);
  await repo.setAdminLastLogin(ctx.db, user.id, now);
  const session = await createSession(ctx, 'admin', { adminUserId: user.id });
  return { token: session.token, deviceCookie, me: await me(ctx, user.id) };
}

export async function me(ctx: AppContext, adminUserId: string): Promise<Me> {
  const user = await repo.findAdminById(ctx.db, adminUserId);
  if (!user) throw new AppError('unauthenticated');
  const institutions = user.is_platform_admin
    ? (await repo.listInstitutionNames(ctx.db)).map((i) => ({
        institutionId: i.id,
        name: i.name,
        role: 'admin' as const,
      }))
    : (await repo.listMemberships(ctx.db, user.id)).map((m) => ({
        institutionId: m.id,
        name: m.name,
        role: m.role,
      }));
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isPlatformAdmin: user.is_platform_admin,
    institutions,
  };
}
