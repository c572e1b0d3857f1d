// Layout checks for zoom and reflow (WCAG 1.4.4, 1.4.10): the page must not scroll sideways,
// and nothing but a data table (inside its own scroll box) may stick out of the viewport.
import assert from 'node:assert/strict';

/**
 * What sticks out to the right: the page's own scroll width, up to five visible elements whose
 * box ends beyond the viewport or beyond their card (inside a scroll box that clips them they do
 * not count: a wide table scrolls in its own frame), and text that runs out of its box.
 */
export function horizontalOverflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    // Inside a box that scrolls or hides its overflow (a wide table in its own scroll frame),
    // an element does not widen the page — unless it is positioned out of that box.
    const clipped = (el) => {
      let position = globalThis.getComputedStyle(el).position;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const style = globalThis.getComputedStyle(p);
        const escapes =
          position === 'fixed' || (position === 'absolute' && style.position === 'static');
        if (!escapes && style.overflowX !== 'visible') return true;
        if (!escapes && position === 'absolute') position = style.position;
      }
      return false;
    };
    // A button or a field that sticks out of its card (or dialog) is broken even when the page
    // does not scroll.
    const outOfCard = (el, box) => {
      const card = el.parentElement?.closest('.card, .dialog');
      if (!card) return false;
      for (let p = el.parentElement; p && p !== card; p = p.parentElement)
        if (globalThis.getComputedStyle(p).overflowX !== 'visible') return false;
      return box.right > card.getBoundingClientRect().right + 0.5;
    };
    const describe = (el) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}${
        el.getAttribute('data-test') ? `[data-test=${el.getAttribute('data-test')}]` : ''
      } "${(el.textContent ?? '').trim().slice(0, 30)}" right=${Math.round(el.getBoundingClientRect().right)}`;
    const offenders = [];
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.right > width + 0.5 && !clipped(el)) offenders.push(el);
      else if (outOfCard(el, box)) offenders.push(el);
    }
    // Report the innermost ones: an element whose child already sticks out says little more.
    const innermost = offenders.filter((el) => !offenders.some((o) => o !== el && el.contains(o)));
    // Text that runs out of its box (a long unbreakable word) has no element of its own.
    const texts = [];
    const walker = document.createTreeWalker(document.body, globalThis.NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!node.textContent.trim() || !parent) continue;
      if (globalThis.getComputedStyle(parent).overflowX !== 'visible' || clipped(parent)) continue;
      range.selectNodeContents(node);
      const right = range.getBoundingClientRect().right;
      if (right > width + 0.5 && !innermost.includes(node.parentElement))
        texts.push(`text "${node.textContent.trim().slice(0, 40)}" right=${Math.round(right)}`);
    }
    return {
      width,
      scrollWidth: document.documentElement.scrollWidth,
      offenders: [...innermost.slice(0, 5).map(describe), ...texts.slice(0, 5)],
    };
  });
}

/** The page does not scroll sideways and nothing sticks out of the viewport or its card. */
export async function expectNoHorizontalScroll(page, label) {
  const o = await horizontalOverflow(page);
  assert.ok(
    o.scrollWidth <= o.width && o.offenders.length === 0,
    `${label}: the page is ${o.scrollWidth} px wide in a ${o.width} px viewport; sticking out:\n  ${o.offenders.join('\n  ')}`,
  );
}

/** Doubles the root font size, as a browser's text-size setting does (rem and em grow). */
export function setTextSize(page, percent) {
  return page.evaluate((p) => {
    document.documentElement.style.fontSize = p === 100 ? '' : `${p}%`;
  }, percent);
}
