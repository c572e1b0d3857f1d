import { expect } from '@jest/globals';
import { generate } from 'otplib';
import type supertest from 'supertest';
import { createAdmin, TEST_PASSWORD } from './factories.js';
import type { TestApp } from './harness.js';
import { appWithSchool } from './per-file.js';

// Admin logins with a second factor: the password step, an authenticator app's codes, the
// security events. Shared by the second-factor, auth and security tests.

/** The code an authenticator app shows at the app's clock, moved by `offsetS` seconds. */
export const totpCode = (t: TestApp, secret: string, offsetS = 0) =>
  generate({ secret, epoch: Math.floor(t.clock.now.getTime() / 1000) + offsetS });

/** The password step of an admin login: 200 with a session, 202 when a second factor is due. */
export const passwordStep = (agent: supertest.Agent, email: string, password = TEST_PASSWORD) =>
  agent.post('/api/v1/auth/login').send({ email, password });

/** The agent's session confirms the admin's password ("sudo mode", before a first factor). */
export async function confirmPassword(
  agent: supertest.Agent,
  password = TEST_PASSWORD,
): Promise<void> {
  const res = await agent.post('/api/v1/me/security/confirm-password').send({ password });
  expect(res.status).toBe(204);
}

/**
 * Sets up and confirms an authenticator app for the agent's admin; the set-up answer too. The
 * password is confirmed first, as a first factor needs (with a factor already, the step-up is
 * what counts, so the caller must have done it).
 */
export async function confirmTotp(t: TestApp, agent: supertest.Agent) {
  await confirmPassword(agent);
  const setup = await agent.post('/api/v1/me/security/totp');
  expect(setup.status).toBe(200);
  const secret: string = setup.body.secret;
  const confirm = await agent
    .post('/api/v1/me/security/totp/confirm')
    .send({ code: await totpCode(t, secret) });
  expect(confirm.status).toBe(204);
  return { secret, setup: setup.body as { secret: string; uri: string; qrCode: string } };
}

/** A new admin logged in by password (see createAdmin for the options). */
export async function adminSignedIn(t: TestApp, opts: Parameters<typeof createAdmin>[1] = {}) {
  const admin = await createAdmin(t.ctx, opts);
  const agent = t.request();
  expect((await passwordStep(agent, admin.email)).status).toBe(200);
  return { admin, agent };
}

/** The admin's security events, oldest first. */
export const securityEvents = (t: TestApp, adminUserId: string) =>
  t.db
    .selectFrom('admin_security_events')
    .selectAll()
    .where('admin_user_id', '=', adminUserId)
    .orderBy('created_at')
    .execute();

/** The TOTP tests' world: the file's app and school (beforeAll/afterAll), admins with an app. */
export function totpSchool() {
  const { t, school } = appWithSchool();
  const codeAt = (secret: string, offsetS = 0) => totpCode(t, secret, offsetS);
  const nextStep = () => t.clock.advance(30_000);

  /** A fresh admin of the school with a confirmed authenticator app; returns its secret. */
  async function adminWithTotp(opts: { institutionId?: string } = {}) {
    const { admin, agent } = await adminSignedIn(t, {
      institutionId: opts.institutionId ?? school.id,
    });
    const { secret, setup } = await confirmTotp(t, agent);
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Schoolloket:/);
    expect(setup.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    nextStep();
    return { admin, secret };
  }
  return { t, school, codeAt, nextStep, adminWithTotp };
}

/** How many API keys the school has (a refused sensitive action made none). */
export const countApiKeys = async (t: TestApp, institutionId: string) =>
  (
    await t.db
      .selectFrom('api_keys')
      .select('id')
      .where('institution_id', '=', institutionId)
      .execute()
  ).length;
