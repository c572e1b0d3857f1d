// Names of the benchmark school: bench.ts creates these students, bench-import.ts exports them.
export const FIRSTS = [
  'Emma',
  'Noah',
  'Louise',
  'Arthur',
  'Süheda',
  'Łukasz',
  'Ștefan',
  'Zoë',
  'Mohamed',
  'Olivia',
];
export const LASTS = [
  'Peeters',
  'Janssens',
  'Daniëls',
  'Van den Broeck',
  "D'Hondt",
  'Yılmaz',
  'Wójcik',
  'Maes',
  'Claes',
  'Nguyễn',
];
