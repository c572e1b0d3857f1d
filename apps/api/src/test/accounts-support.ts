import { afterAll, beforeAll } from '@jest/globals';
import type supertest from 'supertest';
import { schoolWithAdmin } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';

// The account tests' world: one app per file with two schools, each with a signed-in admin.

export interface TwoSchools {
  t: TestApp;
  /** Basisschool, where the tests work. */
  iid: string;
  agent: supertest.Agent;
  /** Andere school, whose students and accounts must stay out of reach. */
  otherIid: string;
  otherAgent: supertest.Agent;
}

/** Starts the app and both schools before the file's tests (filled in by then), closes it after. */
export function twoSchools(): TwoSchools {
  const w = {} as TwoSchools;
  beforeAll(async () => {
    w.t = await createTestApp();
    ({ iid: w.iid, agent: w.agent } = await schoolWithAdmin(w.t, 'admin', 'Basisschool'));
    ({ iid: w.otherIid, agent: w.otherAgent } = await schoolWithAdmin(
      w.t,
      'admin',
      'Andere school',
    ));
  });
  afterAll(() => w.t.close());
  return w;
}

/** The school's path: `/api/v1/institutions/:iid`. */
export const schoolPath = (iid: string) => `/api/v1/institutions/${iid}`;
