export { principal, type PortalPrincipal } from './principal.js';
export { setStudentLastLogin } from './repository.js';
// The portal login, for the login inside an app sign-in's interaction (app-sign-in.routes.ts): the
// same service, body and answer as POST /portal/login.
export { login as portalLogin, type PortalSignedIn } from './login.js';
export { PortalLoginBodySchema, PortalLoginResultSchema } from './schemas.js';
