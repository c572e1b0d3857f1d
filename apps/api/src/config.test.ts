import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.js';

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

function loadWith(extra: Record<string, string>) {
  return loadConfig(
    {
      NODE_ENV: 'test',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'sl-config-')),
      PASSWORD_PEPPER: 'test-pepper-test-pepper-test-pepper-0123',
      SESSION_SECRET: 'test-session-secret-test-session-secret-01',
      CREDENTIALS_KEY: Buffer.alloc(32, 7).toString('base64url'),
      ...extra,
    },
    () => undefined,
  );
}

function refusal(extra: Record<string, string>): ConfigError {
  try {
    loadWith(extra);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('the configuration was accepted');
}

describe('TRUST_PROXY', () => {
  it.each(['true', 'TRUE', 'yes', '*'])('refuses %j, naming the variable', (value) => {
    const err = refusal({ TRUST_PROXY: value });
    expect(err.variable).toBe('TRUST_PROXY');
    expect(err.message).toMatch(/^Invalid configuration: TRUST_PROXY /);
  });

  it.each(['10.0.0.300', '10.0.0.0/33', 'proxy.example', '1.2.3.4,nope', '11'])(
    'refuses %j',
    (value) => {
      expect(refusal({ TRUST_PROXY: value }).variable).toBe('TRUST_PROXY');
    },
  );

  it.each([
    ['', false],
    ['false', false],
    ['1', 1],
    ['2', 2],
    ['127.0.0.1', ['127.0.0.1']],
    ['10.0.0.0/8, ::1', ['10.0.0.0/8', '::1']],
    ['loopback', ['loopback']],
  ])('accepts %j', (value, expected) => {
    expect(loadWith({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });
});

describe('database timeouts (DB_*_MS)', () => {
  it('has sane defaults: short for requests, generous for bulk work', () => {
    expect(loadWith({}).databaseTimeouts).toEqual({
      statementMs: 10_000,
      lockMs: 3_000,
      idleInTransactionMs: 30_000,
      acquireMs: 5_000,
      bulkMs: 120_000,
    });
  });

  it('takes each from the environment', () => {
    expect(
      loadWith({
        DB_STATEMENT_TIMEOUT_MS: '2000',
        DB_LOCK_TIMEOUT_MS: '500',
        DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '5000',
        DB_ACQUIRE_TIMEOUT_MS: '1500',
        DB_BULK_TIMEOUT_MS: '60000',
      }).databaseTimeouts,
    ).toEqual({
      statementMs: 2000,
      lockMs: 500,
      idleInTransactionMs: 5000,
      acquireMs: 1500,
      bulkMs: 60000,
    });
  });

  it.each([
    ['DB_STATEMENT_TIMEOUT_MS', '0'],
    ['DB_STATEMENT_TIMEOUT_MS', '5s'],
    ['DB_LOCK_TIMEOUT_MS', '-1'],
    ['DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', '10'],
    ['DB_ACQUIRE_TIMEOUT_MS', '99999999'],
    ['DB_BULK_TIMEOUT_MS', '5000'],
  ])('refuses %s=%j, naming the variable', (variable, value) => {
    expect(refusal({ [variable]: value }).variable).toBe(variable);
  });
});

describe('LOG_FORMAT', () => {
  it('is JSON in production and when the output is not a terminal (as under jest)', () => {
    expect(loadWith({}).logFormat).toBe(process.stdout.isTTY ? 'pretty' : 'json');
    expect(
      loadWith({
        NODE_ENV: 'production',
        PUBLIC_BASE_URL: 'https://loket.school.be',
        PASSWORD_PEPPER: 'p'.repeat(32),
        CREDENTIALS_KEY: Buffer.alloc(32, 1).toString('base64url'),
        SESSION_SECRET: 's'.repeat(32),
      }).logFormat,
    ).toBe('json');
  });

  it('takes json or pretty and refuses anything else, naming the variable', () => {
    expect(loadWith({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(loadWith({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(() => loadWith({ LOG_FORMAT: 'yaml' })).toThrow(ConfigError);
    expect(() => loadWith({ LOG_FORMAT: 'yaml' })).toThrow(/LOG_FORMAT/);
  });
});

describe('JOBS_TICK_SECONDS', () => {
  it('defaults to a minute, takes 1-3600 seconds and refuses anything else, naming the variable', () => {
    expect(loadWith({}).jobsTickMs).toBe(60_000);
    expect(loadWith({ JOBS_TICK_SECONDS: '1' }).jobsTickMs).toBe(1_000);
    for (const bad of ['0', '3601', '1.5', 'soon'])
      expect(() => loadWith({ JOBS_TICK_SECONDS: bad })).toThrow(/JOBS_TICK_SECONDS/);
  });
});
