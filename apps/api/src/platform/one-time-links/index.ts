export { consumeToken, countTokenFailure } from './repository.js';
