import type { RouteRecordRaw } from 'vue-router';

export const authRoutes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./LoginView.vue'),
    meta: { guestOnly: true, title: 'app.titles.login' },
  },
];

// Public pages for admins without a session. Paths are Dutch like the links in the mails:
// /beheer/uitnodiging/<token> (a school invites a new admin), /beheer/wachtwoord/<token> (reset),
// /beheer/lidmaatschap/<token> (a school asks an existing user to join it).
export const adminPasswordRoutes: RouteRecordRaw[] = [
  {
    path: '/beheer/wachtwoord-vergeten',
    name: 'auth.forgot',
    component: () => import('./ForgotPasswordView.vue'),
    meta: { title: 'app.titles.forgotPassword' },
  },
  {
    path: '/beheer/uitnodiging/:token',
    name: 'auth.invitation',
    component: () => import('./PasswordLinkView.vue'),
    meta: { title: 'app.titles.invitation' },
    props: (route) => ({ token: String(route.params.token), kind: 'invite' }),
  },
  {
    path: '/beheer/lidmaatschap/:token',
    name: 'auth.join',
    component: () => import('./JoinInvitationView.vue'),
    props: (route) => ({ token: String(route.params.token) }),
  },
  {
    path: '/beheer/wachtwoord/:token',
    name: 'auth.reset',
    component: () => import('./PasswordLinkView.vue'),
    meta: { title: 'app.titles.passwordReset' },
    props: (route) => ({ token: String(route.params.token), kind: 'reset' }),
  },
];
