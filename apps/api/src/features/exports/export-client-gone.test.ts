import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createLoggingTestApp, type TestApp } from '../../test/harness.js';
import { createStudent, schoolWithAdmin } from '../../test/factories.js';

// A client that goes away while its export is being built (a whole school takes seconds): the
// built file is deleted and the log says so at info, not as an error with a 500 (found by an
// outside test: an interrupted whole-school download logged "unhandled error").

let t: TestApp;
let logs: string[];
let port: number;

beforeAll(async () => {
  ({ t, logs } = await createLoggingTestApp({ logLevel: 'info' }));
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(() => t.close());

const entries = () => logs.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('an export whose client went away', () => {
  it('is not sent, not logged as an error, and its file is deleted', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    const students = [];
    for (let i = 0; i < 30; i++)
      students.push(await createStudent(t.ctx, iid, { group_name: '4A' }));
    const created = await agent.post(`/api/v1/institutions/${iid}/accounts`).send({
      items: students.map((s) => ({ studentId: s.id, type: 'basic', passwordKind: 'word' })),
    });
    expect(created.status).toBe(201);
    const key = await agent
      .post(`/api/v1/institutions/${iid}/api-keys`)
      .send({ name: 'Export', scope: 'read-write' });
    const body = JSON.stringify({ filter: {}, format: 'zip' });
    const before = logs.length;
    // The request is sent whole; once the server has read all of it (its handler then builds
    // the file, which takes far longer than a closed connection takes to be noticed), the
    // connection closes, before any answer.
    await new Promise<void>((resolve) => {
      t.app.server.once('request', (incoming: IncomingMessage) =>
        incoming.once('end', () => {
          req.destroy();
          resolve();
        }),
      );
      const req = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/v1/institutions/${iid}/exports`,
        headers: {
          authorization: `Bearer ${key.body.token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      });
      req.on('error', () => undefined);
      req.end(body);
    });
    // Until the server is done with it (a minute at most: CI's machine may be busy).
    const done = () => entries().some((e, n) => n >= before && /^export/.test(String(e.msg)));
    for (let n = 0; n < 1200 && !done(); n++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    const after = entries().slice(before);
    expect(after.filter((e) => Number(e.level) >= 50)).toEqual([]);
    expect(after.map((e) => e.msg)).toContain(
      'export not sent: the client closed the connection while it was built',
    );
    // Nothing of it is left in this process's spool directories.
    const spools = readdirSync(tmpdir()).filter((d) =>
      d.startsWith(`schoolloket-exports-${process.pid}-`),
    );
    expect(spools.flatMap((d) => readdirSync(join(tmpdir(), d)))).toEqual([]);
  }, 90_000);
});
