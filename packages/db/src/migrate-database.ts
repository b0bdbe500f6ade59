import pg from "pg";
import { type MigrateResult, migrate } from "./migrate.js";
import { resolveMigrationsDir } from "./migrations-dir.js";

/** Applies pending migrations to the PostgreSQL at `databaseUrl` over one dedicated connection (it holds the advisory lock). */
export async function migrateDatabase(
  databaseUrl: string,
  options: { migrationsDir?: string; log?: (message: string) => void } = {},
): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await migrate({ session: client, migrationsDir: options.migrationsDir ?? resolveMigrationsDir(), log: options.log });
  } finally {
    await client.end().catch(() => {});
  }
}
