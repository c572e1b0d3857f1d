const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Brussels',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's calendar date in Belgium as YYYY-MM-DD: enrolment ends at the end of that day there. */
export function brusselsDate(now: Date): string {
  // Belgium's midnight is on a whole minute, so the date is the same all minute long: format
  // once a minute (this runs for every student-list request).
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== lastMinute) {
    lastMinute = minute;
    lastDate = formatter.format(now);
  }
  return lastDate;
}
let lastMinute = Number.NaN;
let lastDate = '';
