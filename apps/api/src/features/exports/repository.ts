import type { Database } from '../../db/database.js';
import { studentsAmong } from '../../db/student-columns.js';

export function exportRows(db: Database, iid: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return studentsAmong(db, iid, ids)
    .select([
      's.id',
      's.stamnummer',
      's.first_name',
      's.last_name',
      's.group_name',
      's.locale',
      'a.username',
      'a.type',
      'a.password_kind',
      'a.secret_enc',
    ])
    .execute();
}
