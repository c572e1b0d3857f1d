export { addDays, nextSchoolYearEnd } from './service.js';
