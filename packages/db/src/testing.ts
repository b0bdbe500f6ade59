/** `@lastcall/db/testing`: throwaway databases for tests that need real PostgreSQL (this package's and the apps'). */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrateDatabase } from "./migrate-database.js";

export interface TestDatabase {
  /** Connection URL of the new, migrated database. */
  url: string;
  /** Drops the database, ending any connection still open to it. */
  drop(): Promise<void>;
}

const DEFAULT_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/test";

/**
 * Creates a uniquely named database (`lastcall_t_<random>`) on the server of env DATABASE_URL and
 * applies the migrations with the same runner production uses.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL || DEFAULT_SERVER_URL;
  const name = `lastcall_t_${randomBytes(6).toString("hex")}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  // WITH (FORCE) (PostgreSQL 13+) terminates the connections a test left open, e.g. a pool not yet ended.
  const drop = async () => {
    await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
  try {
    await migrateDatabase(url.href);
  } catch (error) {
    await drop();
    throw error;
  }
  return { url: url.href, drop };
}

async function withClient<T>(connectionString: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
