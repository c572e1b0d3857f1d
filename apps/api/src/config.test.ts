import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config.js';

describe('loadConfig: PUBLIC_BASE_URL', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sl-config-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const load = (env: Record<string, string>) =>
    loadConfig({ DATA_DIR: dataDir, ...env }, () => undefined);

  it('follows PORT outside production, so cards and mails point at the server as started', () => {
    expect(load({ PORT: '3201' }).publicBaseUrl).toBe('http://localhost:3201');
    expect(load({}).publicBaseUrl).toBe('http://localhost:3000');
  });

  it('follows HOST when it is a name or a non-loopback address; wildcards become localhost', () => {
    expect(load({ PORT: '8080', HOST: '0.0.0.0' }).publicBaseUrl).toBe('http://localhost:8080');
    expect(load({ PORT: '8080', HOST: 'loket.lan' }).publicBaseUrl).toBe('http://loket.lan:8080');
    expect(load({ HOST: 'fd00::5' }).publicBaseUrl).toBe('http://[fd00::5]:3000');
  });

  it('uses an explicit PUBLIC_BASE_URL as given, without a trailing slash', () => {
    expect(load({ PORT: '3201', PUBLIC_BASE_URL: 'https://loket.school.be/' }).publicBaseUrl).toBe(
      'https://loket.school.be',
    );
  });

  it('is required in production, with a message naming the variable', () => {
    const secrets = {
      NODE_ENV: 'production',
      PASSWORD_PEPPER: 'p'.repeat(40),
      SESSION_SECRET: 's'.repeat(40),
      CREDENTIALS_KEY: Buffer.alloc(32, 7).toString('base64url'),
    };
    expect(() => load(secrets)).toThrow(/PUBLIC_BASE_URL is required when NODE_ENV=production/);
    expect(load({ ...secrets, PUBLIC_BASE_URL: 'https://loket.school.be' }).publicBaseUrl).toBe(
      'https://loket.school.be',
    );
  });
});
