#!/usr/bin/env node
// `npm run db:migrate`: applies pending migrations to DATABASE_URL. Exit codes: 0 done, 1 migration failed, 2 bad environment.
import { migrateDatabase } from "./migrate-database.js";
import { parseMigrateEnv } from "./migrate-env.js";

const env = parseMigrateEnv(process.env);
if (!env.ok) {
  console.error(env.message);
  process.exit(2);
}

try {
  const { applied } = await migrateDatabase(env.databaseUrl, { migrationsDir: env.migrationsDir, log: (message) => console.log(message) });
  console.log(applied.length === 0 ? "No pending migrations" : `Applied ${applied.length} migration(s)`);
} catch (error) {
  console.error(`Migration failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
