import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createLoggingTestApp, type TestApp } from '../harness.js';

// A request that Node's HTTP parser refuses (a control character in a header, headers over the
// limit, a malformed chunk) never reaches Fastify's hooks. It is answered as problem+json like
// every other refusal, and at LOG_LEVEL=trace its log line holds none of the request's bytes:
// Node hands the error over with the raw request (`rawPacket`), cookies and passwords included.

let t: TestApp;
let logs: string[];
let port: number;

const PASSWORD = 'Geheim-Wachtwoord-Van-Een-Leerling-7';
const COOKIE = 'sl_portal=cookie-value-that-must-not-be-logged-0123456789';

beforeAll(async () => {
  ({ t, logs } = await createLoggingTestApp({ logLevel: 'trace' }));
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(() => t.close());

/** Sends `raw` as it is and reads the answer until the server closes the connection. */
function rawRequest(raw: string): Promise<{ head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const end = answer.indexOf('\r\n\r\n');
      resolve({ head: answer.slice(0, end), body: answer.slice(end + 4) });
    });
    socket.end(raw);
  });
}

const login = JSON.stringify({ username: 'ilias.peeters', password: PASSWORD });
const post = (extraHeader: string) =>
  'POST /api/v1/portal/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
  `Cookie: ${COOKIE}\r\n${extraHeader}\r\nContent-Length: ${login.length}\r\n\r\n${login}`;

describe('requests the HTTP parser refuses', () => {
  it.each([
    ['a control character in a header', post('X-Note: a\x01b'), 400],
    ['a NUL in a header', post('X-Note: a\x00b'), 400],
    ['headers over the limit', post(`X-Big: ${'a'.repeat(70_000)}`), 431],
    [
      'a malformed chunk',
      'POST /api/v1/portal/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        'Transfer-Encoding: chunked\r\n' +
        `Cookie: ${COOKIE}\r\n\r\nzz\r\n${login}\r\n0\r\n\r\n`,
      400,
    ],
  ])(
    '%s: problem+json, and nothing of the request in the trace log',
    async (_what, raw, status) => {
      const before = logs.length;
      const { head, body } = await rawRequest(raw);
      expect(head.split('\r\n')[0]).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(head.toLowerCase()).toContain('content-type: application/problem+json; charset=utf-8');
      expect(JSON.parse(body)).toMatchObject({ status, code: 'bad_request' });
      const logged = logs.slice(before).join('');
      expect(logged).toContain('client error');
      expect(logged).not.toContain('rawPacket');
      expect(logged).not.toContain(PASSWORD);
      expect(logged).not.toContain('cookie-value-that-must-not-be-logged');
    },
  );

  it('answers a well-formed request on a new connection as before', async () => {
    const res = await t.request().get('/api/health');
    expect(res.status).toBe(200);
  });
});
