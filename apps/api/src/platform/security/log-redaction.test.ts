import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { redactCredentials, redactUrl } from './log-redaction.js';

describe('redactCredentials', () => {
  it('redacts credentials by key name at any depth and leaves the input untouched', () => {
    const headers = {
      cookie: 'sl_admin=abc',
      Authorization: 'Bearer slk_x',
      'x-api-key': 'k',
      'content-type': 'multipart/form-data',
    };
    const input = {
      busboyOptions: { headers, limits: { files: 1 } },
      list: [{ newPassword: 'p' }],
    };
    expect(redactCredentials(input)).toEqual({
      busboyOptions: {
        headers: {
          cookie: '[redacted]',
          Authorization: '[redacted]',
          'x-api-key': '[redacted]',
          'content-type': 'multipart/form-data',
        },
        limits: { files: 1 },
      },
      list: [{ newPassword: '[redacted]' }],
    });
    expect(headers.cookie).toBe('sl_admin=abc');
  });

  it('keeps numbers and booleans under credential-like keys (job counts), redacts their strings', () => {
    const line = {
      job: 'purge-sessions',
      counts: { adminSessions: 12, portalSessions: 0, pendingLogins: 3 },
      sessionsPurged: 12,
      passwordChanged: true,
      sessionId: 'abc123',
      tokens: ['t1'],
      pictures: [3, 7, 11],
      session: { id: 'x' },
    };
    expect(redactCredentials(line)).toEqual({
      job: 'purge-sessions',
      counts: { adminSessions: 12, portalSessions: 0, pendingLogins: 3 },
      sessionsPurged: 12,
      passwordChanged: true,
      sessionId: '[redacted]',
      tokens: '[redacted]',
      pictures: '[redacted]',
      session: '[redacted]',
    });
  });

  it('never lets a value under a credential key through, whatever the nesting', () => {
    const secretKey = fc.constantFrom(
      'cookie',
      'set-cookie',
      'authorization',
      'password',
      'token',
      'secret',
      'x-api-key',
      'sessionToken',
    );
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), secretKey), tie('node'), {
          maxKeys: 4,
        }),
      ),
    })).node;
    fc.assert(
      fc.property(tree, (t) => {
        const marker = 'SECRET-MARKER-9f3';
        const planted = { wrapper: [t, { x: { cookie: marker, password: marker } }] };
        expect(JSON.stringify(redactCredentials(planted))).not.toContain(marker);
      }),
    );
  });
});

describe('redactUrl', () => {
  it.each([
    ['/oidc/me?access_token=abc', '/oidc/me?access_token=[redacted]'],
    [
      '/cb?code=c1&state=s&code_verifier=v&client_secret=x',
      '/cb?code=[redacted]&state=s&code_verifier=[redacted]&client_secret=[redacted]',
    ],
    [
      '/oidc/token?refresh_token=r&token=t&id_token_hint=h&ID_TOKEN=i',
      '/oidc/token?refresh_token=[redacted]&token=[redacted]&id_token_hint=[redacted]&ID_TOKEN=[redacted]',
    ],
    ['/x?acc%65ss_token=a&lang=nl&flag', '/x?acc%65ss_token=[redacted]&lang=nl&flag'],
    ['/x?%zz=1&code', '/x?%zz=1&code'],
    ['/api/v1/students?q=peeters', '/api/v1/students?q=peeters'],
    ['/no-query', '/no-query'],
  ])('%s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
