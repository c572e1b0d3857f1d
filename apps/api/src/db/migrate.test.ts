import { describe, expect, it } from '@jest/globals';
import { freshDatabase } from '../test/databases.js';
import { createPglite } from './database.js';
import { pendingMigrations } from './migrate.js';
import { migrations } from './migrations/index.js';

describe('pendingMigrations', () => {
  it('lists every migration on an empty database and creates nothing', async () => {
    const empty = await createPglite(undefined);
    try {
      expect(await pendingMigrations(empty.db)).toEqual(Object.keys(migrations).sort());
      expect(await empty.db.introspection.getTables()).toEqual([]);
    } finally {
      await empty.close();
    }
  });

  it('lists nothing on a migrated database', async () => {
    const migrated = await freshDatabase();
    try {
      expect(await pendingMigrations(migrated.db)).toEqual([]);
    } finally {
      await migrated.close();
    }
  });
});
