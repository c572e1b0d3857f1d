import type { RouteRecordRaw } from 'vue-router';
import { useSessionStore } from '../../stores/session';

/**
 * Children of AdminLayout. The start page sends the admin to her current school; it is a guard,
 * not a `redirect`, because redirects are resolved before the global guard has loaded the
 * session. Without any school the page itself explains why there is nothing to show.
 */
export const homeRoutes: RouteRecordRaw[] = [
  {
    path: '',
    name: 'home',
    component: () => import('./NoSchoolView.vue'),
    meta: { title: 'app.titles.noSchool' },
    beforeEnter: () => {
      const session = useSessionStore();
      return session.current
        ? { name: 'students.list', params: { iid: session.current.institutionId } }
        : true;
    },
  },
];
