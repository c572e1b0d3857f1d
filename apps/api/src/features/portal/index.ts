export { principal } from './principal.js';
export { setStudentLastLogin } from './repository.js';
