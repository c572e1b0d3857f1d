export { actorColumns, record, recordExported } from './service.js';
export { allEvents, pseudonymise } from './repository.js';
export { EVENT_KINDS } from './schemas.js';
export type { EventKind } from './schemas.js';
