import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MigrationError, migrate } from "./migrate.js";

const serverUrl = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/test";

// The runner is tested on an empty database of its own, with small migrations written per test.
let databaseName: string;
let databaseUrl: string;
let migrationsDir: string;
const sessions: pg.Client[] = [];

beforeEach(async () => {
  databaseName = `lastcall_t_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${databaseName}`);
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  databaseUrl = url.href;
  migrationsDir = await mkdtemp(join(tmpdir(), "lastcall-migrations-"));
});

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.end()));
  await adminQuery(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  await rm(migrationsDir, { recursive: true, force: true });
});

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

async function openSession(): Promise<pg.Client> {
  const session = new pg.Client({ connectionString: databaseUrl });
  await session.connect();
  sessions.push(session);
  return session;
}

async function writeMigration(name: string, sql: string): Promise<string> {
  await mkdir(join(migrationsDir, name), { recursive: true });
  await writeFile(join(migrationsDir, name, "migration.sql"), sql);
  return sql;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("migrate", () => {
  it("applies pending migrations in name order and records them as Prisma does", async () => {
    // Written newest first, so that directory order alone would not give the right order.
    const third = await writeMigration("20250103000000_third", "INSERT INTO steps (name) VALUES ('third');");
    const second = await writeMigration("20250102000000_second", "INSERT INTO steps (name) VALUES ('second');");
    const first = await writeMigration("20250101000000_first", "CREATE TABLE steps (n SERIAL PRIMARY KEY, name TEXT);\nSELECT 1;");
    await mkdir(join(migrationsDir, "not-a-migration"));
    const session = await openSession();

    const result = await migrate({ session, migrationsDir });

    expect(result.applied).toEqual(["20250101000000_first", "20250102000000_second", "20250103000000_third"]);
    const steps = await session.query("SELECT name FROM steps ORDER BY n");
    expect(steps.rows.map((row) => row.name)).toEqual(["second", "third"]);
    const recorded = await session.query(
      `SELECT migration_name, checksum, applied_steps_count, finished_at >= started_at AS finished, logs, rolled_back_at
       FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(recorded.rows).toEqual([
      {
        migration_name: "20250101000000_first",
        checksum: sha256(first),
        applied_steps_count: 1,
        finished: true,
        logs: null,
        rolled_back_at: null,
      },
      {
        migration_name: "20250102000000_second",
        checksum: sha256(second),
        applied_steps_count: 1,
        finished: true,
        logs: null,
        rolled_back_at: null,
      },
      {
        migration_name: "20250103000000_third",
        checksum: sha256(third),
        applied_steps_count: 1,
        finished: true,
        logs: null,
        rolled_back_at: null,
      },
    ]);
  });

  it("applies nothing the second time, and only what is new after that", async () => {
    await writeMigration("20250101000000_first", "CREATE TABLE steps (name TEXT);");
    const session = await openSession();
    await migrate({ session, migrationsDir });

    expect(await migrate({ session, migrationsDir })).toEqual({ applied: [] });

    await writeMigration("20250102000000_second", "INSERT INTO steps VALUES ('second');");
    expect(await migrate({ session, migrationsDir })).toEqual({ applied: ["20250102000000_second"] });
  });

  it("applies each migration once when two processes migrate at the same time", async () => {
    await writeMigration("20250101000000_first", "CREATE TABLE steps (name TEXT);");
    await writeMigration("20250102000000_second", "INSERT INTO steps VALUES ('second'); SELECT pg_sleep(0.2);");
    const [one, two] = await Promise.all([openSession(), openSession()]);

    const results = await Promise.all([migrate({ session: one, migrationsDir }), migrate({ session: two, migrationsDir })]);

    expect(results.flatMap((result) => result.applied).sort()).toEqual(["20250101000000_first", "20250102000000_second"]);
    expect((await one.query("SELECT count(*)::int AS n FROM steps")).rows[0].n).toBe(1);
    expect((await one.query('SELECT count(*)::int AS n FROM "_prisma_migrations"')).rows[0].n).toBe(2);
  });

  it("refuses, before applying anything, when an applied migration was edited", async () => {
    await writeMigration("20250101000000_first", "CREATE TABLE steps (name TEXT);");
    const session = await openSession();
    await migrate({ session, migrationsDir });
    await writeMigration("20250101000000_first", "CREATE TABLE steps (name TEXT, extra TEXT);");
    await writeMigration("20250102000000_second", "INSERT INTO steps VALUES ('second');");

    await expect(migrate({ session, migrationsDir })).rejects.toThrow(/20250101000000_first was changed after it was applied/);
    expect((await session.query("SELECT count(*)::int AS n FROM steps")).rows[0].n).toBe(0);
    // The lock was released: another session can take it at once.
    const other = await openSession();
    expect((await other.query("SELECT pg_try_advisory_lock(72707369) AS locked")).rows[0].locked).toBe(true);
  });

  it("rolls a failing migration back whole and records nothing for it", async () => {
    await writeMigration("20250101000000_first", "CREATE TABLE steps (name TEXT);");
    await writeMigration("20250102000000_broken", "INSERT INTO steps VALUES ('half');\nSELECT * FROM missing_table;");
    const session = await openSession();

    const failure = migrate({ session, migrationsDir });

    await expect(failure).rejects.toBeInstanceOf(MigrationError);
    await expect(failure).rejects.toThrow(/20250102000000_broken failed: relation "missing_table" does not exist/);
    expect((await session.query("SELECT count(*)::int AS n FROM steps")).rows[0].n).toBe(0);
    const recorded = await session.query('SELECT migration_name FROM "_prisma_migrations"');
    expect(recorded.rows).toEqual([{ migration_name: "20250101000000_first" }]);
  });

  it("refuses a migration that Prisma started but never finished", async () => {
    await writeMigration("20250101000000_first", "CREATE TABLE steps (name TEXT);");
    const session = await openSession();
    await migrate({ session, migrationsDir });
    await session.query(`UPDATE "_prisma_migrations" SET finished_at = NULL`);

    await expect(migrate({ session, migrationsDir })).rejects.toThrow(/started but never finished/);
  });

  it("names the directory it cannot read", async () => {
    const session = await openSession();
    await expect(migrate({ session, migrationsDir: join(migrationsDir, "absent") })).rejects.toThrow(
      /Cannot read the migrations directory/,
    );
  });
});
