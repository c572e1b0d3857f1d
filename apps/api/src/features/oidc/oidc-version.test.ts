import { describe, expect, it } from '@jest/globals';
import { createRequire } from 'node:module';

// The token endpoint claims a code as it finds it (adapter.ts, claimsEarly), repeating in SQL the
// checks oidc-provider makes before it consumes a code (lib/actions/grants/authorization_code.js
// in the installed version). A new version may check more or in another order: read that file
// again, bring claimsEarly and code-claim.repository.ts's issuedFor in line, then name the version here.
const REVIEWED = '9.13.3';

describe('oidc-provider', () => {
  it('is the version whose code exchange the adapter repeats', () => {
    const { version } = createRequire(import.meta.url)('oidc-provider/package.json') as {
      version: string;
    };
    expect(version).toBe(REVIEWED);
  });
});
