// Accessibility checks with axe-core on the screen as it is now: WCAG 2.0, 2.1 and 2.2 A and AA
// rules; a violation of any impact (minor to critical) fails the scenario. Every result is
// written to e2e/artifacts/axe/<label>.json next to the screenshots.
import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts', 'axe');

function describe(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => {
          const why = n.failureSummary
            ?.split('\n')
            .slice(1)
            .map((line) => line.trim())
            .filter(Boolean)
            .join('; ');
          return `    - ${n.target.join(' ')}${why ? `: ${why}` : ''}`;
        })
        .join('\n');
      const more = v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : '';
      return `  ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
    })
    .join('\n');
}

/**
 * Runs axe on the whole page; throws with rule id, impact, help and target selectors for every
 * violation, whatever its impact. `label` names the screen (and the JSON file).
 */
export async function expectNoViolations(page, label) {
  // Transitions (a list fading back in after loading) must end before colours are measured;
  // endless animations (a spinner) are not waited for.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a instanceof globalThis.CSSTransition)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, `${label}.json`),
    JSON.stringify(
      {
        url: results.url,
        violations: results.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          targets: v.nodes.map((n) => n.target.join(' ')),
        })),
        incomplete: results.incomplete.map((v) => ({ id: v.id, nodes: v.nodes.length })),
      },
      null,
      2,
    ),
  );
  const bad = results.violations;
  if (bad.length)
    throw new Error(
      `axe: ${bad.length} violation(s) on "${label}" (${page.url()}):\n${describe(bad)}`,
    );
}

/** The name the scenarios were written with, from when only serious violations failed. */
export const expectNoSeriousViolations = expectNoViolations;
