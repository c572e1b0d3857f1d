import { nextTick, onBeforeUnmount, readonly, ref, watchEffect } from 'vue';
import { START_LOCATION, type RouteLocationNormalized, type Router } from 'vue-router';

// What a screen tells the browser beyond its route: the name of what it shows (a student's name,
// a username) for the document title, and the focus after moving to it.

const subject = ref<string | null>(null);
let subjectOwner: symbol | null = null;

/** The name of what is open on the screen (a student), as the page title shows it. */
export const pageSubject = readonly(subject);

/**
 * Lets a view name what it shows in the document title ("Emma Peeters · Leerling · …"). The
 * name is dropped when the view goes away, so the next screen never carries it.
 */
export function usePageSubject(get: () => string | null | undefined) {
  const me = Symbol('page subject');
  watchEffect(() => {
    const value = get()?.trim();
    subjectOwner = me;
    subject.value = value || null;
  });
  onBeforeUnmount(() => {
    if (subjectOwner !== me) return;
    subjectOwner = null;
    subject.value = null;
  });
}

const HEADING_WAIT_MS = 3000;

function sameScreen(a: RouteLocationNormalized, b: RouteLocationNormalized) {
  if (a.name !== b.name) return false;
  const keys = new Set([...Object.keys(a.params), ...Object.keys(b.params)]);
  return [...keys].every((k) => String(a.params[k]) === String(b.params[k]));
}

/**
 * Focus may be moved: it is still on what started the navigation (a menu link, a submit button),
 * or on nothing the user chose (the page itself, a container focused by script). Not when the
 * user went on to something else while the new screen was loading.
 */
function focusIsFree(before: Element | null) {
  const active = document.activeElement;
  return (
    !active ||
    active === before ||
    active === document.body ||
    active.matches('main, [tabindex="-1"]')
  );
}

/**
 * After moving to another screen, focus goes to the new page's heading (its h1, made focusable
 * with tabindex=-1), so keyboard and screen-reader users start at the top of the new content and
 * hear where they are (WCAG 2.4.3). A page with an `autofocus` field gets that field instead.
 * Not on the first load (the page's own autofocus stays), not
 * when only the query changes (a filter, a sort, a page of the list), and not after a choice in
 * the school switcher (focus stays there, so the arrow keys can go on choosing). A heading that
 * appears only after loading is waited for; when none comes, the main landmark takes focus.
 */
export function focusHeadingAfterNavigation(router: Router) {
  let stopWaiting = () => {};
  router.afterEach((to, from, failure) => {
    if (failure || from === START_LOCATION || sameScreen(to, from)) return;
    const active = document.activeElement;
    if (active instanceof HTMLSelectElement && active.dataset.test === 'school-switcher') return;
    stopWaiting();
    const before = active;
    void nextTick(() => {
      const take = () => {
        // A page that names its own first field (the login's `autofocus`) keeps that choice.
        const own = document.querySelector<HTMLElement>('main [autofocus]');
        if (own) {
          if (focusIsFree(before)) own.focus();
          return true;
        }
        const heading = document.querySelector<HTMLElement>('main h1');
        if (!heading) return false;
        if (focusIsFree(before)) {
          if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
          heading.focus({ preventScroll: true });
        }
        return true;
      };
      if (take()) return;
      const observer = new MutationObserver(() => {
        if (take()) stopWaiting();
      });
      const timer = setTimeout(() => {
        stopWaiting();
        const main = document.querySelector<HTMLElement>('main');
        if (!main || !focusIsFree(before)) return;
        if (!main.hasAttribute('tabindex')) main.setAttribute('tabindex', '-1');
        main.focus({ preventScroll: true });
      }, HEADING_WAIT_MS);
      stopWaiting = () => {
        observer.disconnect();
        clearTimeout(timer);
        stopWaiting = () => {};
      };
      observer.observe(document.body, { childList: true, subtree: true });
    });
  });
}
