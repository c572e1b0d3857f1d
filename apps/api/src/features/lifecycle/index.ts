export { addDays, nextSchoolYearEnd } from './service.js';
export { eraseAfterGrace } from './erase.js';
