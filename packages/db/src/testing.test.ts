import pg from "pg";
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "./testing.js";

describe("createTestDatabase", () => {
  it("creates a migrated database of its own and drops it even while a connection is open", async () => {
    const database = await createTestDatabase();
    const name = new URL(database.url).pathname.slice(1);
    expect(name).toMatch(/^lastcall_t_[0-9a-f]{12}$/);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    client.on("error", () => {}); // dropping the database terminates this connection on purpose
    const applied = await client.query('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL');
    expect(applied.rows.length).toBeGreaterThan(0);

    await database.drop();

    const serverUrl = new URL(database.url);
    serverUrl.pathname = "/postgres";
    const server = new pg.Client({ connectionString: serverUrl.href });
    await server.connect();
    const exists = await server.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    await server.end();
    expect(exists.rowCount).toBe(0);
    await client.end().catch(() => {});
  });
});
