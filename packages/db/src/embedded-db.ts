import { mkdir, open, readFile, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { Db } from "./create-db.js";
import { PrismaClient } from "./generated/prisma/client.js";
import { migrate, type SqlSession } from "./migrate.js";
import { resolveMigrationsDir } from "./migrations-dir.js";

export interface EmbeddedDatabase {
  readonly db: Db;
  readonly dataDir: string;
  /** Migrations this open applied. */
  readonly applied: string[];
  /** Disconnects Prisma and shuts PGlite down cleanly (its data directory checkpointed), then frees the directory. */
  close(): Promise<void>;
}

export class EmbeddedDatabaseBusyError extends Error {
  override readonly name = "EmbeddedDatabaseBusyError";
}

/** A migration session on PGlite: statements without parameters may be several (a migration file). */
function pgliteSession(pglite: PGlite): SqlSession {
  return {
    async query(sql, params) {
      if (params !== undefined) return pglite.query(sql, params);
      const results = await pglite.exec(sql);
      return { rows: results.at(-1)?.rows ?? [] };
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite is one process's database: a second process opening the same directory would corrupt it.
 * A lock file beside the directory holds the owner's pid; one left by a process that died (killed,
 * crashed) is taken over, since PostgreSQL recovers the directory itself on open.
 */
async function lockDataDir(dataDir: string): Promise<string> {
  const lockFile = `${dataDir}.lock`;
  for (;;) {
    try {
      const handle = await open(lockFile, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      return lockFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number((await readFile(lockFile, "utf8").catch(() => "")).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new EmbeddedDatabaseBusyError(`the embedded database in ${dataDir} is in use by process ${owner}`);
      }
      await rm(lockFile, { force: true });
    }
  }
}

/**
 * The embedded PostgreSQL (PGlite, in this process) with its data in `dataDir`, migrated with the
 * same migrations and used through the same Prisma client and data-access functions as a real
 * PostgreSQL server. Data survives restarts.
 */
export async function openEmbeddedDatabase(
  dataDir: string,
  options: { migrationsDir?: string; log?: (message: string) => void } = {},
): Promise<EmbeddedDatabase> {
  const directory = resolve(dataDir);
  await mkdir(dirname(directory), { recursive: true });
  const lockFile = await lockDataDir(directory);
  try {
    const pglite = await PGlite.create(directory);
    const { applied } = await migrate({
      session: pgliteSession(pglite),
      migrationsDir: options.migrationsDir ?? resolveMigrationsDir(),
      log: options.log,
    });
    const db = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    return {
      db,
      dataDir: directory,
      applied,
      async close() {
        await db.$disconnect();
        await pglite.close();
        await rm(lockFile, { force: true });
      },
    };
  } catch (error) {
    await rm(lockFile, { force: true });
    throw error;
  }
}

/** The default data directory of a single-node installation: `.lastcall/pgdata` below `root`. */
export function defaultEmbeddedDataDir(root: string): string {
  return join(root, ".lastcall", "pgdata");
}
