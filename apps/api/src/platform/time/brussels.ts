const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Brussels',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's calendar date in Belgium as YYYY-MM-DD: enrolment ends at the end of that day there. */
export function brusselsDate(now: Date): string {
  return formatter.format(now);
}
