// Helpers for keyboard-only scenarios: find out what has focus, move it with Tab until it is
// where a user would want it, and check that it can be seen.
import assert from 'node:assert/strict';

/** A short description of the focused element, for messages. */
export function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const test = el.getAttribute('data-test');
    const name =
      el.getAttribute('aria-label') ??
      (el.labels?.[0]?.textContent || el.textContent || '').trim().slice(0, 40);
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${test ? `[data-test=${test}]` : ''}${name ? ` "${name}"` : ''}`;
  });
}

/** Whether the focused element matches `selector`. */
export function focusMatches(page, selector) {
  return page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
}

export async function expectFocus(page, selector, what = selector) {
  assert.ok(await focusMatches(page, selector), `${what}: focus is on ${await focused(page)}`);
}

/**
 * Presses Tab (or Shift+Tab) until the focused element matches `selector`; fails with the path
 * taken when it is not reached within `max` presses. With `everyStopVisible`, each element on
 * the way must show its focus and not be hidden (see expectFocusVisible).
 */
export async function tabTo(
  page,
  selector,
  { back = false, max = 60, everyStopVisible = false } = {},
) {
  const path = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (everyStopVisible) await expectFocusVisible(page, `Tab stop ${i + 1} towards ${selector}`);
    if (await focusMatches(page, selector)) return i + 1;
    path.push(await focused(page));
  }
  assert.fail(
    `${selector} not reached with ${max} × ${back ? 'Shift+Tab' : 'Tab'}:\n  ${path.join('\n  ')}`,
  );
}

/**
 * The focused element shows a focus indicator (an outline or a box-shadow) and is not hidden
 * behind something else, such as the sticky action bar (WCAG 2.4.7 and 2.4.11).
 */
export async function expectFocusVisible(page, what) {
  const state = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { missing: true };
    const style = globalThis.getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow !== 'none';
    const box = el.getBoundingClientRect();
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    const inView = x >= 0 && y >= 0 && x <= globalThis.innerWidth && y <= globalThis.innerHeight;
    const hit = inView ? document.elementFromPoint(x, y) : null;
    const covered =
      !hit || !(el === hit || el.contains(hit) || hit.contains(el) || el.labels?.[0] === hit);
    return {
      missing: false,
      indicator: outline || shadow,
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      inView,
      covered,
      coveredBy: hit ? [hit.tagName.toLowerCase(), ...hit.classList].join('.') : 'nothing',
    };
  });
  const who = await focused(page);
  assert.ok(!state.missing, `${what}: nothing has focus`);
  assert.ok(state.indicator, `${what}: no visible focus indicator on ${who} (${state.outline})`);
  assert.ok(state.inView, `${what}: ${who} has focus but is outside the viewport`);
  assert.ok(!state.covered, `${what}: ${who} is hidden behind ${state.coveredBy}`);
}

/**
 * The focused element is not covered, not even in part, by a sticky bar (the action bar at the
 * bottom of a list), and lies inside the viewport (WCAG 2.4.11, stricter than "not entirely").
 */
export async function expectClearOfStickyBars(page, what) {
  const state = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { missing: true };
    const box = el.getBoundingClientRect();
    const bars = [...document.querySelectorAll('*')].filter((b) => {
      const p = globalThis.getComputedStyle(b).position;
      return (p === 'sticky' || p === 'fixed') && !b.contains(el) && !el.contains(b);
    });
    const covering = bars
      .map((b) => ({ b, r: b.getBoundingClientRect() }))
      .filter(
        ({ r }) =>
          r.width > 0 &&
          box.bottom > r.top + 0.5 &&
          box.top < r.bottom - 0.5 &&
          box.right > r.left + 0.5 &&
          box.left < r.right - 0.5,
      )
      .map(
        ({ b, r }) =>
          `${[b.tagName.toLowerCase(), ...b.classList].join('.')} (top ${Math.round(r.top)})`,
      );
    return {
      missing: false,
      box: `${Math.round(box.top)}–${Math.round(box.bottom)}`,
      inView: box.top >= 0 && box.bottom <= globalThis.innerHeight,
      covering,
    };
  });
  const who = await focused(page);
  assert.ok(!state.missing, `${what}: nothing has focus`);
  assert.ok(state.inView, `${what}: ${who} (${state.box}) is not entirely in the viewport`);
  assert.deepEqual(state.covering, [], `${what}: ${who} (${state.box}) is covered by a sticky bar`);
}
