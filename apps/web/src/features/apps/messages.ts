import { defineMessages } from '../../i18n/define';
import en from './messages.en';
import fr from './messages.fr';
import nl from './messages.nl';

// One file per locale; Dutch is the reference (a key missing in French or English, or one they
// add, is a type error).
export default defineMessages({ nl, fr, en });
