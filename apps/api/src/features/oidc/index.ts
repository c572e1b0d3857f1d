export { rotateSigningKeys } from './keys.js';
