import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * One database session. Implemented by a `pg.Client` as is; an embedded database (PGlite) needs a thin
 * wrapper. Calls without `params` may carry several statements (a migration file), so they must go
 * through PostgreSQL's simple query protocol (PGlite: `exec`).
 */
export interface SqlSession {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface MigrateOptions {
  /** Holds the advisory lock for the whole run, so it must be one session, not a pool. */
  session: SqlSession;
  /** Directory of `<name>/migration.sql` folders, applied in name order. */
  migrationsDir: string;
  log?: (message: string) => void;
}

export interface MigrateResult {
  /** Names of the migrations this run applied, in order. */
  applied: string[];
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

interface AppliedMigration {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

// Prisma's schema engine takes this same lock, so our runner and `prisma migrate deploy` also exclude each other.
const PRISMA_MIGRATE_LOCK_ID = 72707369;

// Prisma's own DDL for its bookkeeping table, so `prisma migrate status` reads our rows.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/**
 * Applies the pending migrations, each in its own transaction, under an advisory lock: a second process
 * starting at the same time waits, then finds nothing left to do. Prisma's `migrate deploy` cannot run
 * offline (it needs its native schema engine), which is why this exists.
 */
export async function migrate({ session, migrationsDir, log = () => {} }: MigrateOptions): Promise<MigrateResult> {
  const migrations = await readMigrations(migrationsDir);
  await session.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_ID]);
  try {
    await session.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await session.query(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at',
    );
    const pending = pendingMigrations(migrations, rows as AppliedMigration[]);
    for (const migration of pending) {
      await applyMigration(session, migration);
      log(`Applied migration ${migration.name}`);
    }
    return { applied: pending.map((migration) => migration.name) };
  } finally {
    await session.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_ID]);
  }
}

async function readMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch((error: unknown) => {
    throw new MigrationError(`Cannot read the migrations directory ${migrationsDir}: ${(error as Error).message}`);
  });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrations: MigrationFile[] = [];
  for (const name of names) {
    // Prisma's layout: a folder without migration.sql (an editor's leftover) is not a migration.
    const sql = await readFile(join(migrationsDir, name, "migration.sql"), "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (sql === undefined) continue;
    migrations.push({ name, sql, checksum: createHash("sha256").update(sql).digest("hex") });
  }
  return migrations;
}

/** Refuses before applying anything when the recorded history disagrees with the files. */
function pendingMigrations(migrations: MigrationFile[], applied: AppliedMigration[]): MigrationFile[] {
  const appliedByName = new Map(applied.map((row) => [row.migration_name, row]));
  const pending: MigrationFile[] = [];
  for (const migration of migrations) {
    const row = appliedByName.get(migration.name);
    if (!row) {
      pending.push(migration);
    } else if (row.finished_at === null) {
      // Only Prisma's own migrate leaves such a row (ours roll back whole); it must be resolved by hand.
      throw new MigrationError(`Migration ${migration.name} was started but never finished; resolve it before migrating`);
    } else if (row.checksum !== migration.checksum) {
      throw new MigrationError(
        `Migration ${migration.name} was changed after it was applied (checksum ${row.checksum} in the database, ` +
          `${migration.checksum} on disk); add a new migration instead of editing an applied one`,
      );
    }
  }
  return pending;
}

async function applyMigration(session: SqlSession, migration: MigrationFile): Promise<void> {
  await session.query("BEGIN");
  try {
    await session.query(migration.sql);
    await session.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await session.query("COMMIT");
  } catch (error) {
    await session.query("ROLLBACK");
    throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
  }
}
