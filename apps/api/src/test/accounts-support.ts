import { beforeAll } from '@jest/globals';
import type supertest from 'supertest';
import { schoolPath, schoolWithAdmin } from './factories.js';
import { appForFile, madeLater } from './per-file.js';

// The account tests' world: one app per file with two schools, each with a signed-in admin.

/** Starts the app and both schools before the file's tests (beforeAll/afterAll). */
export function twoSchools() {
  const t = appForFile();
  const made = {} as {
    iid: string;
    agent: supertest.Agent;
    otherIid: string;
    otherAgent: supertest.Agent;
  };
  beforeAll(async () => {
    ({ iid: made.iid, agent: made.agent } = await schoolWithAdmin(t, 'admin', 'Basisschool'));
    ({ iid: made.otherIid, agent: made.otherAgent } = await schoolWithAdmin(
      t,
      'admin',
      'Andere school',
    ));
  });
  return {
    t,
    /** Basisschool, where the tests work. */
    get iid() {
      return made.iid;
    },
    agent: madeLater(() => made.agent, 'the admin'),
    /** Andere school, whose students and accounts must stay out of reach. */
    get otherIid() {
      return made.otherIid;
    },
    otherAgent: madeLater(() => made.otherAgent, 'the other admin'),
    /** A school's path, Basisschool's unless told. */
    base: (iid = made.iid) => schoolPath(iid),
  };
}
