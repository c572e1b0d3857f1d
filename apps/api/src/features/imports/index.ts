// The imports feature's routes are registered in app.ts; the purge job uses its preview cleanup.
export { purgeFinishedPreviews } from './repository.js';
export { forgetStudentRows } from './repository.js';
