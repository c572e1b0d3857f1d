import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from '../../test/harness.js';

// A stopping instance drains (server.ts, plugins/drain.ts): readiness says so at once, what still
// reaches it is served with `Connection: close`, and its idle keep-alive connections end.

let t: TestApp;
let port: number;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  agent.destroy();
  await t.close();
});

function get(path: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path, agent }, (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        })
        .on('error', reject);
    },
  );
}

describe('draining before a stop', () => {
  it('answers readiness 503, serves with Connection: close, and lets idle connections go', async () => {
    const before = await get('/api/health/ready');
    expect(before.status).toBe(200);
    expect(before.headers.connection).toBe('keep-alive');
    const idle = Object.values(agent.freeSockets).flat()[0]!;
    const ended = new Promise((resolve) => idle.once('close', resolve));

    t.app.startDraining();
    t.app.startDraining();
    await ended;
    const ready = await get('/api/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.headers['content-type']).toMatch(/problem\+json/);
    expect(JSON.parse(ready.body)).toMatchObject({
      code: 'unavailable',
      checks: { shutdown: 'draining' },
    });
    expect(ready.headers.connection).toBe('close');
    const live = await get('/api/health');
    expect(live.status).toBe(200);
    expect(live.headers.connection).toBe('close');
    expect(t.app.draining).toBe(true);
  });
});
