import { sql, type Kysely } from 'kysely';

// Frozen. The school's printer offset for cards and stickers, in mm (one decimal, ±5): a printer
// that prints 1.5 mm too far right gets -1.5, read off the calibration sheet.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('institutions')
    .addColumn('print_offset_x_mm', sql`numeric(2, 1)`, (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`print_offset_x_mm between -5 and 5`),
    )
    .addColumn('print_offset_y_mm', sql`numeric(2, 1)`, (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`print_offset_y_mm between -5 and 5`),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('institutions')
    .dropColumn('print_offset_x_mm')
    .dropColumn('print_offset_y_mm')
    .execute();
}
