import type { LifecyclePreview } from './schemas.js';

export type SheetLocale = 'nl' | 'fr' | 'en';

const LABELS = {
  nl: {
    sheet: 'Schooljaar',
    header: [
      'Wat',
      'Groep',
      'Stamnummer',
      'Voornaam',
      'Naam',
      'Gebruikersnaam',
      'Einde inschrijving',
      'Vanaf',
      'Co-account',
    ],
    ending: 'Account wordt inactief',
    coAccount: 'Co-account stopt',
    erasure: 'Gegevens worden gewist',
    slot: 'ouder',
  },
  fr: {
    sheet: 'Année scolaire',
    header: [
      'Quoi',
      'Groupe',
      'Matricule',
      'Prénom',
      'Nom',
      "Nom d'utilisateur",
      "Fin d'inscription",
      'À partir du',
      'Co-compte',
    ],
    ending: 'Le compte devient inactif',
    coAccount: 'Le co-compte s’arrête',
    erasure: 'Les données sont effacées',
    slot: 'parent',
  },
  en: {
    sheet: 'School year',
    header: [
      'What',
      'Group',
      'Stamnummer',
      'First name',
      'Last name',
      'Username',
      'Enrolment ends',
      'From',
      'Co-account',
    ],
    ending: 'Account becomes inactive',
    coAccount: 'Co-account stops',
    erasure: 'Data are erased',
    slot: 'parent',
  },
} as const;

const dayAfter = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The dry run as one sheet: a row per account that ends, co-account that stops, student erased.
 * The xlsx builder is loaded on first use (the export entry is heavy; most processes never need it).
 */
export async function previewXlsx(
  p: LifecyclePreview,
  locale: SheetLocale,
  now: Date,
): Promise<Uint8Array> {
  const { buildTableXlsx } = await import('@schoolloket/core/export');
  const l = LABELS[locale];
  const stamnummers = new Map(p.ending.map((r) => [r.studentId, r.stamnummer]));
  const ending = new Map(p.ending.map((r) => [r.studentId, r.enrolledUntil]));
  return buildTableXlsx({
    sheetName: l.sheet,
    header: l.header,
    now,
    rows: function* () {
      for (const r of p.ending)
        yield [
          l.ending,
          r.group,
          r.stamnummer,
          r.firstName,
          r.lastName,
          r.username,
          r.enrolledUntil,
          dayAfter(r.enrolledUntil),
          '',
        ];
      for (const r of p.coAccounts) {
        const until = ending.get(r.studentId) ?? '';
        yield [
          l.coAccount,
          r.group,
          stamnummers.get(r.studentId) ?? '',
          r.firstName,
          r.lastName,
          r.username,
          until,
          until && dayAfter(until),
          `${l.slot} ${r.slot}${r.email ? ` (${r.email})` : ''}`,
        ];
      }
      for (const r of p.erasures)
        yield [
          l.erasure,
          r.group,
          r.stamnummer,
          r.firstName,
          r.lastName,
          r.username ?? '',
          r.enrolledUntil,
          dayAfter(r.eraseOn),
          '',
        ];
    },
  });
}
