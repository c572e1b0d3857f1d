import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import Fastify from 'fastify';
import { Writable } from 'node:stream';
import { loggerRedaction, redactCredentials, redactUrl, serializeError } from './log-redaction.js';

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
    // A mailed link's token in the path, on the API and on the web page the mail points to.
    ['/api/v1/co-accounts/activation/tok3n_x', '/api/v1/co-accounts/activation/[redacted]'],
    ['/co-account/activeren/tok3n?lang=fr', '/co-account/activeren/[redacted]?lang=fr'],
    ['/api/v1/auth/password-links/t/extra', '/api/v1/auth/password-links/[redacted]/extra'],
    ['//API/v1//auth/join-links/t', '//API/v1//auth/join-links/[redacted]'],
    ['/beheer/wachtwoord/t', '/beheer/wachtwoord/[redacted]'],
    ['/beheer/uitnodiging/t', '/beheer/uitnodiging/[redacted]'],
    ['/beheer/lidmaatschap/t', '/beheer/lidmaatschap/[redacted]'],
    ['/co-account/activeren?school=s', '/co-account/activeren?school=s'],
    ['/api/v1/co-accounts/activation-requests', '/api/v1/co-accounts/activation-requests'],
  ])('%s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe('serializeError', () => {
  /** An error as PGlite throws it: the failed statement's values attached. */
  function databaseError() {
    const err = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      detail: 'Key (username)=(jan.peeters) already exists.',
      query: 'insert into "accounts" ("username", "password_hash") values ($1, $2)',
      params: ['jan.peeters', '$argon2id$v=19$m=19456,t=2,p=1$SECRET-HASH'],
      queryOptions: { parsers: {} },
    });
    return err;
  }

  it('keeps the type, message, code and query text, never the values the query was sent with', () => {
    const out = serializeError(databaseError()) as Record<string, unknown>;
    expect(out).toMatchObject({
      type: 'Error',
      message: 'duplicate key value violates unique constraint',
      code: '23505',
      query: expect.stringContaining('insert into'),
    });
    expect(out.stack).toEqual(expect.any(String));
    expect(out).not.toHaveProperty('params');
    expect(out).not.toHaveProperty('queryOptions');
    expect(JSON.stringify(out)).not.toContain('SECRET-HASH');
  });

  it('scrubs a cause and the errors of an AggregateError too', () => {
    const wrapped = new Error('bulk insert failed', { cause: { ...databaseError() } });
    const many = new AggregateError([databaseError(), databaseError()], 'several');
    for (const err of [wrapped, many])
      expect(JSON.stringify(serializeError(err))).not.toContain('SECRET-HASH');
  });

  it('is the serializer of the server’s logger: an error a route throws is logged without them', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const { redact, ...options } = loggerRedaction;
    const app = Fastify({
      logger: {
        level: 'trace',
        stream,
        ...options,
        redact: { ...redact, paths: [...redact.paths] },
      },
    });
    app.get('/x', async (request) => {
      request.log.warn({ err: databaseError() }, 'unique violation reached the error handler');
      throw databaseError();
    });
    const res = await app.inject({ method: 'GET', url: '/x' });
    expect(res.statusCode).toBe(500);
    await app.close();
    const log = lines.join('');
    expect(log).toContain('unique violation reached the error handler');
    expect(log).toContain('23505');
    expect(log).not.toContain('SECRET-HASH');
    expect(log).not.toContain('jan.peeters"');
  });
});
