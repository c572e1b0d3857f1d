export { listJoinInvitations, lockAdmin, lockJoinInvitation } from './repository.js';
export { issueInvitation, issueJoinInvitation } from './invitations.js';
