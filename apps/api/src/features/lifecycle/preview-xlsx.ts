import type { Locale } from '@schoolloket/core';
import type { LifecyclePreview } from './schemas.js';

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

interface SheetPerson {
  group: string;
  stamnummer: string;
  firstName: string;
  lastName: string;
  username: string | null;
  enrolledUntil: string;
}

/** A row in the header's column order: what happens, to whom, from which day, and a note. */
function sheetRow(what: string, r: SheetPerson, from: string, note = '') {
  return [
    what,
    r.group,
    r.stamnummer,
    r.firstName,
    r.lastName,
    r.username ?? '',
    r.enrolledUntil,
    from,
    note,
  ];
}

/**
 * The dry run as one sheet: a row per account that ends, co-account that stops, student erased.
 * The xlsx builder is loaded on first use (the export entry is heavy; most processes never need it).
 */
export async function previewXlsx(
  p: LifecyclePreview,
  locale: Locale,
  now: Date,
): Promise<Uint8Array> {
  const { buildTableXlsx } = await import('@schoolloket/core/export');
  const l = LABELS[locale];
  // A co-account stops with its child's account: its row shows the child's number and dates.
  const child = new Map(p.ending.map((r) => [r.studentId, r]));
  return buildTableXlsx({
    sheetName: l.sheet,
    header: l.header,
    now,
    rows: function* () {
      for (const r of p.ending) yield sheetRow(l.ending, r, dayAfter(r.enrolledUntil));
      for (const r of p.coAccounts) {
        const c = child.get(r.studentId);
        const until = c?.enrolledUntil ?? '';
        yield sheetRow(
          l.coAccount,
          { ...r, stamnummer: c?.stamnummer ?? '', enrolledUntil: until },
          until && dayAfter(until),
          `${l.slot} ${r.slot}${r.email ? ` (${r.email})` : ''}`,
        );
      }
      for (const r of p.erasures) yield sheetRow(l.erasure, r, dayAfter(r.eraseOn));
    },
  });
}
