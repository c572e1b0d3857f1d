import { useI18n } from 'vue-i18n';
import type { CoAccount } from './co-accounts-api';

/**
 * A co-account's state in words with the day it began ("Uitgenodigd op 3 maart 2026"), as the
 * student page and the per-class overview show it.
 */
export function useSlotStateText() {
  const { t, d } = useI18n();
  const since = (c: CoAccount) =>
    c.state === 'invited' ? c.invitedAt : c.state === 'active' ? c.activatedAt : c.revokedAt;
  return (c: CoAccount) => {
    const iso = since(c);
    return t(`coAccounts.states.${c.state}`, { date: iso ? d(new Date(iso), 'long') : '' });
  };
}
