import { afterAll, beforeAll } from '@jest/globals';
import { createPeerApp, createTestApp, type TestApp } from './harness.js';

// Two instances of the API on one database (two pools on PostgreSQL), as behind a load balancer.

/** Starts both before the file's tests (filled in by then) and closes them after, peer first. */
export function twoInstances(): { a: TestApp; b: TestApp } {
  const pair = {} as { a: TestApp; b: TestApp };
  beforeAll(async () => {
    pair.a = await createTestApp();
    pair.b = await createPeerApp(pair.a);
  });
  afterAll(async () => {
    await pair.b.close();
    await pair.a.close();
  });
  return pair;
}
