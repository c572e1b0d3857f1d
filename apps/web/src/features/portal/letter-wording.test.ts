import { describe, expect, it } from '@jest/globals';
import { LETTER_TEXTS } from '../../../../../packages/core/src/export/letter-texts';
import messages from './messages';

// The parent letter tells parents which link to click on the login screen; it must name it with
// the very words the screen shows, in every language (issue 14, item 9).
describe('parent letter and portal login use the same words', () => {
  for (const locale of ['nl', 'fr', 'en'] as const) {
    it(`${locale}: the letter names the login screen's "forgot password" link exactly`, () => {
      const label = messages[locale].portal.login.forgot;
      expect(label.length).toBeGreaterThan(0);
      expect(LETTER_TEXTS[locale].steps[0]).toContain(`**${label}**`);
      expect(LETTER_TEXTS[locale].forgot).toContain(`**${label}**`);
    });
  }
});
