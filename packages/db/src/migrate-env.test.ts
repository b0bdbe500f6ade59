import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseMigrateEnv } from "./migrate-env.js";

const url = "postgresql://postgres@127.0.0.1:5432/lastcall";

describe("parseMigrateEnv", () => {
  it("names DATABASE_URL when it is missing or not a PostgreSQL URL", () => {
    for (const env of [{}, { DATABASE_URL: "" }, { DATABASE_URL: "mysql://root@localhost/db" }, { DATABASE_URL: "not a url" }]) {
      const parsed = parseMigrateEnv(env);
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.message).toMatch(/^DATABASE_URL: /);
    }
  });

  it("finds the repository's migrations by default", () => {
    expect(parseMigrateEnv({ DATABASE_URL: url })).toEqual({
      ok: true,
      databaseUrl: url,
      migrationsDir: fileURLToPath(new URL("../../../prisma/migrations", import.meta.url)),
    });
  });

  it("takes the migrations from LASTCALL_MIGRATIONS_DIR when set (Docker images)", () => {
    expect(parseMigrateEnv({ DATABASE_URL: "postgres://app@db/lastcall", LASTCALL_MIGRATIONS_DIR: "/app/migrations" })).toEqual({
      ok: true,
      databaseUrl: "postgres://app@db/lastcall",
      migrationsDir: "/app/migrations",
    });
  });
});
