export { ENROLMENT_COLUMNS, enrolmentChanges } from './changes.js';
export type { EnrolmentChange } from './changes.js';
export { narrowsSelection } from './filter.repository.js';
export { findStudent, listStudentIds } from './repository.js';
export { CreateStudentBodySchema, StudentFilterSchema } from './schemas.js';
export type { CreateStudentBody, StudentFilter } from './schemas.js';
export { studentSearchText } from './search-text.js';
export { fieldsToRow, rowToAccount, temporaryExpired, today } from './service.js';
export {
  announceEndedEnrolments,
  deleteStudent,
  lockStudentRow,
  setKeepUntil,
} from './repository.js';
