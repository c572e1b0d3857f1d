import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestApp } from '../harness.js';
import { createOidcTestApp } from '../oidc-support.js';
import { accountCases } from './cases-accounts.js';
import { authCases } from './cases-auth.js';
import { importCases } from './cases-imports.js';
import { lifecycleCases, personalDataCases } from './cases-lifecycle.js';
import { ownSessionCases, passkeyCases } from './cases-passkeys.js';
import { portalCases } from './cases-portal.js';
import { apiKeyLimitCases, schoolCases } from './cases-school.js';
import { changeFeedCases, studentCases } from './cases-students.js';
import { ContractChecker } from './contract-check.js';
import { createWorld, type Case, type World } from './contract-world.js';
import type { Document } from './openapi-validator.js';

// Calls every operation of the served document, each with a success and at least one error,
// and holds every answer to the document: status, media type, headers and body (Ajv, with the
// document's own schemas, undeclared fields refused). The cases run in order on one school.

const CASES: Case[] = [
  ...authCases,
  ...schoolCases,
  ...studentCases,
  ...importCases,
  ...lifecycleCases,
  ...apiKeyLimitCases,
  ...personalDataCases,
  ...changeFeedCases,
  ...accountCases,
  ...portalCases,
  ...passkeyCases,
  ...ownSessionCases,
];

let t: TestApp;
let w: World;
let checker: ContractChecker;
const seen = new Map<string, Set<number>>();

beforeAll(async () => {
  // Listening, with its address as the issuer: a learning app's sign-in is one of the calls.
  const oidc = await createOidcTestApp();
  t = oidc;
  checker = new ContractChecker((await t.request().get('/api/openapi.json')).body as Document);
  w = await createWorld(t);
  w.ids.base = oidc.base;
}, 120_000);
afterAll(() => t.close());

describe('every operation against openapi.yaml', () => {
  for (const [i, c] of CASES.entries())
    it(`${i + 1}. ${c.op} answers ${c.status} as documented`, async () => {
      const res = await c.call(w);
      seen.set(c.op, (seen.get(c.op) ?? new Set()).add(res.status));
      const got = res.status === c.status ? {} : { body: res.body as unknown };
      expect({ op: c.op, status: res.status, ...got }).toEqual({ op: c.op, status: c.status });
      expect({ op: c.op, violations: checker.violations(c.op, res) }).toEqual({
        op: c.op,
        violations: [],
      });
    });

  it('called every operation with a success and with an error', () => {
    const missing = [...checker.byId.keys()].flatMap((op) => {
      const statuses = [...(seen.get(op) ?? [])];
      return [
        ...(statuses.some((s) => s < 300) ? [] : [`${op}: no success`]),
        ...(statuses.some((s) => s >= 400) ? [] : [`${op}: no error`]),
      ];
    });
    expect(missing).toEqual([]);
  });
});
