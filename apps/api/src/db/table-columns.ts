import type { ColumnType } from 'kysely';

// Column types shared by the tables (db/types.ts gathers them).
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
/** `date` columns travel as 'YYYY-MM-DD' strings (parsers set in database.ts). */
export type DateString = ColumnType<string | null, string | null | undefined, string | null>;

/** Who did it, as the row was written: the kind of actor, its id, and its name at the time. */
export interface ActorColumns {
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
}
