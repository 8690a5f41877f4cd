import { sql, type Kysely } from 'kysely';
import { MATERIALISED_TABLES } from '../migrations/reset-store';
import type { Database } from '../schema/database';

/** Every materialised row, in key order, with times as ISO strings: what a replay must reproduce. */
export async function dumpMaterialised(db: Kysely<Database>): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const table of MATERIALISED_TABLES) {
    const { rows } = await sql<
      Record<string, unknown>
    >`select * from ${sql.table(table)} order by 1, 2`.execute(db);
    tables[table] = rows.map((row) =>
      Object.fromEntries(
        Object.entries(row)
          .filter(([column]) => !(table === 'materialiser_offsets' && column === 'updated_at'))
          .map(([column, value]) => [column, value instanceof Date ? value.toISOString() : value]),
      ),
    );
  }
  return tables;
}
