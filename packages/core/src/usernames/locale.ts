/** Languages of user-facing messages; nl is the default everywhere. */
export type Locale = 'nl' | 'fr' | 'en';

export const LOCALES: readonly Locale[] = ['nl', 'fr', 'en'];

export const DEFAULT_LOCALE: Locale = 'nl';
