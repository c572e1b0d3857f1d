import { defineMessages } from './define';
import accounts from '../features/accounts/messages';
export const x = defineMessages(accounts);
