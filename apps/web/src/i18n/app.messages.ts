import { defineMessages } from './define';
import en from './app.messages.en';
import fr from './app.messages.fr';
import nl from './app.messages.nl';

// One file per locale; Dutch is the reference (a key missing in French or English, or one they
// add, is a type error).
export default defineMessages({ nl, fr, en });
