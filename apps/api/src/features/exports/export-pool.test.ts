import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { ExportAccount } from '@schoolloket/core/export';
import JSZip from 'jszip';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { threadId } from 'node:worker_threads';
import type supertest from 'supertest';
import { AppError } from '../../platform/errors/app-error.js';
import { createAdmin, createInstitution, createStudent, loginAs } from '../../test/factories.js';
import { createLoggingTestApp, type TestApp } from '../../test/harness.js';
import { ExportPool } from './export-pool.js';
import type { ExportTask } from './export-worker.js';
import { readSpooled, type SpooledFile } from './spool.js';

function binary(res: supertest.Response, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** The spooled file's bytes, once it has been read and closed (and so deleted). */
async function readAll(file: SpooledFile): Promise<Buffer> {
  const stream = readSpooled(file);
  const closed = once(stream, 'close');
  const data = await buffer(stream);
  await closed;
  return data;
}

function accountsTask(n: number): ExportTask {
  const accounts: ExportAccount[] = Array.from({ length: n }, (_, i) => ({
    studentId: `s${i}`,
    stamnummer: String(1000 + i),
    firstName: 'Emma',
    lastName: `Peeters${i}`,
    group: `${(i % 6) + 1}A`,
    username: `emma.peeters${i}`,
    type: 'basic',
    passwordKind: 'word',
    password: `zal${100 + i}`,
    url: `http://schoolloket.test/u/emma.peeters${i}`,
  }));
  return {
    kind: 'accounts',
    format: 'cards',
    accounts,
    options: { locale: 'nl', productName: 'Schoolloket', schoolName: 'School', now: new Date() },
  };
}

describe('export routes and their worker thread', () => {
  let t: TestApp;
  let iid: string;
  let agent: supertest.Agent;
  let batchId: string;
  let passwords: string[];
  let logs: string[];

  beforeAll(async () => {
    ({ t, logs } = await createLoggingTestApp({ logLevel: 'info' }));
    iid = (await createInstitution(t.ctx)).id;
    agent = await loginAs(t.request(), (await createAdmin(t.ctx, { institutionId: iid })).email);
    const kids = [await createStudent(t.ctx, iid), await createStudent(t.ctx, iid)];
    const res = await agent.post(`/api/v1/institutions/${iid}/accounts`).send({
      items: kids.map((k) => ({ studentId: k.id, type: 'basic', passwordKind: 'word' })),
    });
    expect(res.status).toBe(201);
    batchId = res.body.batchId;
    passwords = res.body.items.map((i: { password: string }) => i.password);
  });
  afterAll(() => t.close());

  const exportZip = () =>
    agent.get(`/api/v1/institutions/${iid}/batches/${batchId}/export`).buffer(true).parse(binary);

  it('builds the file in a worker thread and logs no password', async () => {
    const res = await exportZip();
    expect(res.status).toBe(200);
    const zip = await JSZip.loadAsync(res.body as Buffer);
    // The three files of everyone and cards and stickers of the one group.
    expect(Object.values(zip.files).filter((f) => !f.dir)).toHaveLength(5);
    const built = logs
      .filter((l) => l.includes('"export built"'))
      .map((l) => JSON.parse(l) as { export: { threadId: number; bytes: number } });
    expect(built).toHaveLength(1);
    expect(built[0]!.export.threadId).not.toBe(threadId);
    expect(built[0]!.export.bytes).toBe((res.body as Buffer).length);
    const text = logs.join('');
    for (const password of passwords) expect(text).not.toContain(password);
  });

  it('answers 500 problem+json when the build fails in the worker, and goes on serving', async () => {
    // No labels for this language: the builder throws inside the worker.
    await t.db.updateTable('institutions').set({ locale: 'xx' }).where('id', '=', iid).execute();
    const failed = await agent.get(`/api/v1/institutions/${iid}/batches/${batchId}/export`);
    expect(failed.status).toBe(500);
    expect(failed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(failed.body).toMatchObject({ code: 'internal', status: 500 });
    expect(logs.join('')).toContain('unhandled error');

    expect((await t.request().get('/api/health')).status).toBe(200);
    await t.db.updateTable('institutions').set({ locale: 'nl' }).where('id', '=', iid).execute();
    expect((await exportZip()).status).toBe(200);
  });
});

describe('ExportPool', () => {
  let pool: ExportPool | undefined;
  afterEach(() => pool?.close());

  it('answers 503 with Retry-After when the queue is full', async () => {
    pool = new ExportPool({ threads: 1, maxQueue: 1 });
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => pool!.run(accountsTask(20))),
    );
    // One runs, one waits, two are turned away.
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
    ]);
    const rejected = results.filter((r) => r.status === 'rejected');
    for (const r of rejected) {
      const err = r.reason as AppError;
      expect(err).toBeInstanceOf(AppError);
      expect(err.status).toBe(503);
      expect(err.extra).toEqual({ retryAfterSeconds: 30 });
    }
  });

  it('answers 503 when an export is not built in time', async () => {
    pool = new ExportPool({ timeoutMs: 50 });
    await expect(pool.run(accountsTask(2000))).rejects.toMatchObject({
      code: 'unavailable',
      status: 503,
    });
  });

  it('answers 503 when an export needs more memory than a worker may use, then builds the next', async () => {
    pool = new ExportPool({ maxHeapMb: 48 });
    // ~90 MB of names: more than the worker's heap can take in.
    const huge = accountsTask(800);
    if (huge.kind === 'accounts')
      for (const a of huge.accounts) a.firstName = `${a.lastName} `.repeat(10_000);
    await expect(pool.run(huge)).rejects.toMatchObject({
      code: 'unavailable',
      status: 503,
      message: expect.stringMatching(/more memory/),
    });
    const { file } = await pool.run(accountsTask(2));
    // The failed build left no file behind.
    expect(readdirSync(dirname(file.path))).toEqual([basename(file.path)]);
    const data = await readAll(file);
    expect(data.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('keeps a built file sealed on disk until it is read once, then deletes it', async () => {
    pool = new ExportPool();
    const { file } = await pool.run(accountsTask(3));
    const sealed = readFileSync(file.path);
    expect(sealed.length).toBe(file.size);
    // Encrypted: neither the PDF header nor a password appears in the bytes on disk.
    expect(sealed.includes('%PDF-')).toBe(false);
    expect(sealed.includes('emma.peeters1')).toBe(false);
    const data = await readAll(file);
    expect(data.length).toBe(file.size);
    expect(data.subarray(0, 5).toString()).toBe('%PDF-');
    expect(existsSync(file.path)).toBe(false);
  });

  it('deletes a built file that is never read to the end', async () => {
    pool = new ExportPool();
    const { file } = await pool.run(accountsTask(3));
    const stream = readSpooled(file);
    const closed = once(stream, 'close');
    stream.destroy();
    await closed;
    expect(existsSync(file.path)).toBe(false);
  });
});
