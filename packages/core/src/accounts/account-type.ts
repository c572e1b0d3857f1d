export type AccountType = 'basic' | 'advanced';

/** Bounds of the school setting "advanced from age N". */
export const ADVANCED_FROM_AGE_MIN = 6;
export const ADVANCED_FROM_AGE_MAX = 18;
export const DEFAULT_ADVANCED_FROM_AGE = 10;

/**
 * The account type proposed for a student: advanced when the student turns `advancedFromAge`
 * or older in the calendar year of `today`, basic otherwise and when the birth date is unknown.
 * The birth year decides (not the exact birthday), so a class born in one year gets one type
 * throughout the school year instead of switching child by child on their birthdays.
 * Dates are ISO `YYYY-MM-DD` strings; an unreadable birth date counts as unknown.
 */
export function proposedAccountType(
  birthDate: string | null | undefined,
  today: string,
  advancedFromAge: number,
): AccountType {
  const birthYear = yearOf(birthDate);
  const thisYear = yearOf(today);
  if (birthYear === undefined || thisYear === undefined) return 'basic';
  return thisYear - birthYear >= advancedFromAge ? 'advanced' : 'basic';
}

function yearOf(date: string | null | undefined): number | undefined {
  const m = /^(\d{4})-\d{2}-\d{2}$/.exec(date ?? '');
  return m ? Number(m[1]) : undefined;
}

/** How many of each type a list proposes: the summary "18 gevorderd, 2 basis". */
export function countTypes(types: Iterable<AccountType>): Record<AccountType, number> {
  const counts = { basic: 0, advanced: 0 };
  for (const t of types) counts[t]++;
  return counts;
}
