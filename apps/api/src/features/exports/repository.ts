import type { Database } from '../../db/database.js';
import { NAMING_COLUMNS, studentsAmong } from '../../db/student-columns.js';

export function exportRows(db: Database, iid: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return studentsAmong(db, iid, ids)
    .select([
      ...NAMING_COLUMNS,
      's.locale',
      'a.username',
      'a.type',
      'a.password_kind',
      'a.secret_enc',
      'a.temporary_expires_at',
    ])
    .execute();
}
