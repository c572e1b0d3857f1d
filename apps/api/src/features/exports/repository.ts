import type { Database } from '../../db/database.js';

export function exportRows(db: Database, iid: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('students as s')
    .leftJoin('accounts as a', 'a.student_id', 's.id')
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
    .where('s.institution_id', '=', iid)
    .where('s.id', 'in', ids)
    .execute();
}
