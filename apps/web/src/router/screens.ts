import type { RouteRecordRaw, RouteRecordSingleView } from 'vue-router';

type View = RouteRecordSingleView['component'];
/**
 * A screen: its path, its title (a key under `app.titles`, or a whole message key), its view,
 * and what else it needs.
 */
type Screen = [path: string, title: string, view: View, more?: Partial<RouteRecordSingleView>];

/**
 * A feature's screens as a table, one line each, keyed by their dotted route name. Every screen
 * gets its route params as props (`props: true`) unless `more` says otherwise; `common` is added
 * to each (a path prefix such as `scholen/:iid/`, a guard).
 */
export function screens(
  table: Record<string, Screen>,
  common: { prefix?: string } & Partial<RouteRecordSingleView> = {},
): RouteRecordRaw[] {
  const { prefix = '', ...shared } = common;
  return Object.entries(table).map(([name, [path, title, component, more = {}]]) => ({
    props: true,
    ...shared,
    ...more,
    path: prefix + path,
    name,
    component,
    meta: {
      title: title.includes('.') ? title : `app.titles.${title}`,
      ...shared.meta,
      ...more.meta,
    },
  }));
}
