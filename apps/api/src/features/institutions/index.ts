export { getById } from './repository.js';
