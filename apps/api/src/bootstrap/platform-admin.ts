import { randomBytes } from 'node:crypto';
import type { StartupContext } from '../context.js';

/**
 * Makes sure one platform admin exists. With ADMIN_EMAIL/ADMIN_PASSWORD that account is created;
 * otherwise a random password is generated and printed once (never logged through pino).
 */
export async function ensurePlatformAdmin(
  ctx: StartupContext,
  print: (line: string) => void,
): Promise<void> {
  const existing = await ctx.db
    .selectFrom('admin_users')
    .select('id')
    .where('is_platform_admin', '=', true)
    .executeTakeFirst();
  if (existing) return;
  const email = ctx.config.adminEmail ?? 'admin@schoolloket.local';
  const sameEmail = await ctx.db
    .selectFrom('admin_users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  if (sameEmail) {
    await ctx.db
      .updateTable('admin_users')
      .set({ is_platform_admin: true })
      .where('id', '=', sameEmail.id)
      .execute();
    print(`Existing admin ${email} is now the platform admin`);
    return;
  }
  const password = ctx.config.adminPassword ?? randomBytes(12).toString('base64url');
  await ctx.db
    .insertInto('admin_users')
    .values({
      email,
      name: 'Platform admin',
      password_hash: await ctx.hasher.hash(password),
      is_platform_admin: true,
    })
    .execute();
  if (!ctx.config.adminPassword) {
    print(
      `Platform admin created: ${email} with password ${password} (shown once; change it after logging in)`,
    );
  } else {
    print(`Platform admin created: ${email}`);
  }
}
