import { oneTimeLinks } from '../../platform/one-time-links/index.js';

/** Co-account activation links (self-service requests and the school's invitations). */
export const links = oneTimeLinks(
  'This link is no longer valid: it expired, was already used, or a newer link was sent. Request a new one.',
);
