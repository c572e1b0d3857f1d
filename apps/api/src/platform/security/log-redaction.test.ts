import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { redactCredentials } from './log-redaction.js';

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
