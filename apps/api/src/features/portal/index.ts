export { principal, type PortalPrincipal } from './principal.js';
export { setStudentLastLogin } from './repository.js';
