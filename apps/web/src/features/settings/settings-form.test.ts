import { describe, expect, it } from '@jest/globals';
import type { Institution } from './settings-api';
import {
  emptySettingsForm,
  settingsChanges,
  settingsErrors,
  settingsFormOf,
} from './settings-form';

const t = (key: string, values?: Record<string, unknown>) =>
  values ? `${key} ${JSON.stringify(values)}` : key;

const saved = {
  name: 'Sint-Jan',
  locale: 'nl',
  helpdeskEmail: null,
  helpdeskPhone: null,
  picturePasswordLength: 4,
  temporaryPasswordDays: 14,
  coAccountSlots: 2,
  printOffsetXMm: 0,
  printOffsetYMm: 0.5,
  advancedFromAge: 12,
  basicPasswordKind: 'picture',
  personalUrlBase: null,
} as unknown as Institution;

describe('settings form', () => {
  it('sends nothing when nothing changed, and only what changed otherwise', () => {
    const form = settingsFormOf(saved);
    expect(settingsChanges(saved, form)).toEqual({});
    form.printOffsetYMm = '1,5';
    form.personalUrlBase = 'https://school.example/u//';
    expect(settingsChanges(saved, form)).toEqual({
      printOffsetYMm: 1.5,
      personalUrlBase: 'https://school.example/u',
    });
  });

  it('says what is wrong per field', () => {
    const form = { ...emptySettingsForm(), name: 'X', coAccountSlots: '9', printOffsetXMm: '0' };
    const errors = settingsErrors(form, t);
    expect(errors.name).toBe('settings.nameTooShort');
    expect(errors.coAccountSlots).toBe('settings.between {"min":1,"max":4}');
    expect(errors.printOffsetXMm).toBeUndefined();
    expect(errors.printOffsetYMm).toBe('settings.betweenDecimal {"min":-5,"max":5}');
    expect(settingsErrors(settingsFormOf(saved), t)).toEqual({});
  });
});
