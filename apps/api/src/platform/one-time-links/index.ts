export { MAX_LINK_FAILURES, oneTimeLinks, type OneTimeLinks } from './links.js';
export { answerUniformly, REQUEST_FLOOR_MS, type LinkRequest } from './request.js';
export {
  countTokensSince,
  insertToken,
  openTokenId,
  purgeEndedLinks,
  revokeOpenTokens,
  tokensSince,
  type LinkScope,
} from './repository.js';
