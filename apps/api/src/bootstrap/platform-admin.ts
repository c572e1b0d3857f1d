import { randomBytes } from 'node:crypto';
import type { StartupContext } from '../context.js';
import * as repo from './repository.js';

/**
 * Makes sure one platform admin exists. With ADMIN_EMAIL/ADMIN_PASSWORD that account is created;
 * otherwise a random password is generated and printed once (never logged through pino).
 */
export async function ensurePlatformAdmin(
  ctx: StartupContext,
  print: (line: string) => void,
): Promise<void> {
  const existing = await repo.findPlatformAdmin(ctx.db);
  if (existing) return;
  const email = ctx.config.adminEmail ?? 'admin@schoolloket.local';
  const sameEmail = await repo.findAdminIdByEmail(ctx.db, email);
  if (sameEmail) {
    await repo.makePlatformAdmin(ctx.db, sameEmail.id);
    print(`Existing admin ${email} is now the platform admin`);
    return;
  }
  const password = ctx.config.adminPassword ?? randomBytes(12).toString('base64url');
  await repo.insertAdminUser(ctx.db, {
    email,
    name: 'Platform admin',
    password_hash: await ctx.hasher.hash(password),
    is_platform_admin: true,
  });
  if (!ctx.config.adminPassword) {
    print(
      `Platform admin created: ${email} with password ${password} (shown once; change it after logging in)`,
    );
  } else {
    print(`Platform admin created: ${email}`);
  }
}
