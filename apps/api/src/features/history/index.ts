export { actorColumns, record } from './service.js';
