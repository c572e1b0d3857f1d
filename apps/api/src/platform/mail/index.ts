export {
  adminInvitationMail,
  adminJoinMail,
  adminPasswordChangedMail,
  adminResetMail,
} from './admin-templates.js';
export { firstLocale, isLocale, localeFromHeader } from './locale.js';
export { factorsResetMail, recoveryCodeUsedMail } from './security-templates.js';
export { passkeyChangedMail, totpChangedMail } from './passkey-templates.js';
export { enqueueMail } from './outbox.js';
export { activatedMail, activationMail, holderNoticeMail } from './templates.js';
export type { RenderedMail } from './templates.js';
export { default as mailSenderPlugin } from './mail-sender.plugin.js';
export { purgeFinishedMails } from './repository.js';
