import { looksLikeEmail } from '../../composables/email';
import type { Institution, InstitutionPatch } from './settings-api';

/** The school's settings form: every field as the admin types it (numbers as text). */
export type SettingsForm = {
  name: string;
  locale: Institution['locale'];
  helpdeskEmail: string;
  helpdeskPhone: string;
  picturePasswordLength: string;
  temporaryPasswordDays: string;
  coAccountSlots: string;
  printOffsetXMm: string;
  printOffsetYMm: string;
  advancedFromAge: string;
  basicPasswordKind: Institution['basicPasswordKind'];
  personalUrlBase: string;
};

export type SettingsErrors = Partial<Record<keyof SettingsForm, string>>;

type Translate = (key: string, values?: Record<string, unknown>) => string;

export const INTEGERS = {
  picturePasswordLength: [4, 8],
  temporaryPasswordDays: [1, 365],
  coAccountSlots: [1, 4],
  advancedFromAge: [6, 18],
} as const;
export const DECIMALS = { printOffsetXMm: [-5, 5], printOffsetYMm: [-5, 5] } as const;

export function emptySettingsForm(): SettingsForm {
  return {
    name: '',
    locale: 'nl',
    helpdeskEmail: '',
    helpdeskPhone: '',
    picturePasswordLength: '',
    temporaryPasswordDays: '',
    coAccountSlots: '',
    printOffsetXMm: '',
    printOffsetYMm: '',
    advancedFromAge: '',
    basicPasswordKind: 'picture',
    personalUrlBase: '',
  };
}

/** The form as the saved settings fill it. */
export function settingsFormOf(i: Institution): SettingsForm {
  return {
    name: i.name,
    locale: i.locale,
    helpdeskEmail: i.helpdeskEmail ?? '',
    helpdeskPhone: i.helpdeskPhone ?? '',
    picturePasswordLength: String(i.picturePasswordLength),
    temporaryPasswordDays: String(i.temporaryPasswordDays),
    coAccountSlots: String(i.coAccountSlots),
    printOffsetXMm: String(i.printOffsetXMm),
    printOffsetYMm: String(i.printOffsetYMm),
    advancedFromAge: String(i.advancedFromAge),
    basicPasswordKind: i.basicPasswordKind,
    personalUrlBase: i.personalUrlBase ?? '',
  };
}

const ranges = <K extends keyof SettingsForm>(table: Partial<Record<K, readonly number[]>>) =>
  Object.entries(table) as [K, readonly [number, number]][];

/** What is wrong with the form, per field, in the admin's language. */
export function settingsErrors(form: SettingsForm, t: Translate): SettingsErrors {
  const out: SettingsErrors = {};
  const name = form.name.trim();
  if (!name) out.name = t('settings.required');
  else if (name.length < 2) out.name = t('settings.nameTooShort');
  const email = form.helpdeskEmail.trim();
  if (email && !looksLikeEmail(email)) out.helpdeskEmail = t('settings.invalidEmail', { at: '@' });
  for (const [key, [min, max]] of ranges(INTEGERS)) {
    const v = form[key].trim();
    if (!/^-?\d+$/.test(v) || Number(v) < min || Number(v) > max)
      out[key] = t('settings.between', { min, max });
  }
  for (const [key, [min, max]] of ranges(DECIMALS)) {
    const v = form[key].trim().replace(',', '.');
    if (!/^-?\d+(\.\d+)?$/.test(v) || Number(v) < min || Number(v) > max)
      out[key] = t('settings.betweenDecimal', { min, max });
  }
  const base = form.personalUrlBase.trim();
  if (base && (!/^https?:\/\/[^\s?#]+$/.test(base) || base.length > 200))
    out.personalUrlBase = t('settings.invalidUrl');
  return out;
}

/** The personal URL base as it is saved: without the trailing slashes ('' for the default). */
export const personalBase = (value: string) => value.trim().replace(/\/+$/, '');

/** Only the fields that differ from what is saved (PATCH). */
export function settingsChanges(saved: Institution, form: SettingsForm): InstitutionPatch {
  const next: InstitutionPatch = {
    name: form.name.trim(),
    locale: form.locale,
    helpdeskEmail: form.helpdeskEmail.trim() || null,
    helpdeskPhone: form.helpdeskPhone.trim() || null,
    picturePasswordLength: Number(form.picturePasswordLength),
    temporaryPasswordDays: Number(form.temporaryPasswordDays),
    coAccountSlots: Number(form.coAccountSlots),
    printOffsetXMm: Number(form.printOffsetXMm.trim().replace(',', '.')),
    printOffsetYMm: Number(form.printOffsetYMm.trim().replace(',', '.')),
    advancedFromAge: Number(form.advancedFromAge),
    basicPasswordKind: form.basicPasswordKind,
    personalUrlBase: personalBase(form.personalUrlBase) || null,
  };
  return Object.fromEntries(
    Object.entries(next).filter(([k, v]) => saved[k as keyof Institution] !== v),
  ) as InstitutionPatch;
}

type TextKey = Exclude<keyof SettingsForm, 'locale' | 'basicPasswordKind'>;
type Attrs = Record<string, string>;
const NUMBER: Attrs = { inputmode: 'numeric', class: 'short' };
const DECIMAL: Attrs = { inputmode: 'decimal', class: 'short' };
const NO_AUTOFILL: Attrs = { spellcheck: 'false', autocomplete: 'off' };

/**
 * The form's layout: its groups (legend and an optional hint, keys under `settings.`) and each
 * group's fields — a text field with its input attributes and hint, or one of the two selects.
 * `describes`: the group's hint describes each of its fields (the printing offsets).
 */
export const SETTINGS_LAYOUT: ReadonlyArray<{
  legend: string;
  hint?: string;
  describes?: boolean;
  fields: ReadonlyArray<
    { key: TextKey; attrs?: Attrs; hint?: string } | { select: 'locale' | 'basicPasswordKind' }
  >;
}> = [
  {
    legend: 'school',
    fields: [
      { key: 'name', attrs: { maxlength: '200', autocomplete: 'organization' } },
      { select: 'locale' },
    ],
  },
  {
    legend: 'contact',
    hint: 'contactHint',
    fields: [
      { key: 'helpdeskEmail', attrs: { type: 'email', maxlength: '254', ...NO_AUTOFILL } },
      { key: 'helpdeskPhone', attrs: { type: 'tel', maxlength: '40', autocomplete: 'off' } },
    ],
  },
  {
    legend: 'newAccounts',
    fields: [
      { key: 'advancedFromAge', attrs: NUMBER, hint: 'advancedFromAgeHint' },
      { select: 'basicPasswordKind' },
    ],
  },
  {
    legend: 'passwords',
    fields: [
      { key: 'picturePasswordLength', attrs: NUMBER },
      { key: 'temporaryPasswordDays', attrs: NUMBER },
    ],
  },
  { legend: 'coAccounts', fields: [{ key: 'coAccountSlots', attrs: NUMBER, hint: 'slotsHint' }] },
  {
    legend: 'printing',
    hint: 'printHint',
    describes: true,
    fields: [
      { key: 'printOffsetXMm', attrs: DECIMAL },
      { key: 'printOffsetYMm', attrs: DECIMAL },
    ],
  },
  {
    legend: 'portal',
    fields: [{ key: 'personalUrlBase', attrs: { type: 'url', maxlength: '200', ...NO_AUTOFILL } }],
  },
];
