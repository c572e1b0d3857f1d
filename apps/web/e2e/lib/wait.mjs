// Waiting for things outside the page (mails the API sends, answers of the API), shared by the
// scenarios; inside the page, use Playwright's own waits (locator.waitFor, waitForFunction).
import assert from 'node:assert/strict';

/**
 * Checks `check()` again and again (every 200 ms, up to `timeoutMs`) until it returns a truthy
 * value, and returns that value; returns the last (falsy) value when time runs out, so that the
 * assertion after it says what was missing.
 */
export async function waitFor(check, { timeoutMs = 20_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The JSON of an API answer that must have succeeded (`what` names it in the failure). */
export async function json(res, what) {
  assert.ok(res.ok(), `${what}: ${res.status()} ${await res.text()}`);
  return res.json();
}
