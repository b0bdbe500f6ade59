import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRepository, getRepository, upsertRepository } from "./repositories.js";
import { openTestDb, type TestDb } from "./test-support/test-db.js";

let testDb: TestDb;
beforeAll(async () => {
  testDb = await openTestDb();
});
afterAll(() => testDb.close());

describe("upsertRepository", () => {
  it("matches owner and name case-insensitively, keeping GitHub's latest spelling", async () => {
    const created = await upsertRepository(testDb.db, { host: "github.com", owner: "modelcontextprotocol", name: "Servers" });
    const again = await upsertRepository(testDb.db, { host: "GitHub.com", owner: "ModelContextProtocol", name: "servers" });

    expect(again.id).toBe(created.id);
    expect(again).toMatchObject({ host: "github.com", owner: "ModelContextProtocol", name: "servers", ownerKey: "modelcontextprotocol" });
    expect(await findRepository(testDb.db, { host: "github.com", owner: "MODELCONTEXTPROTOCOL", name: "SERVERS" })).toMatchObject({
      id: created.id,
    });
    expect(await getRepository(testDb.db, created.id)).toMatchObject({ name: "servers" });
  });

  it("updates only the details it is given", async () => {
    const created = await upsertRepository(testDb.db, {
      host: "github.com",
      owner: "acme",
      name: "details",
      defaultBranch: "main",
      private: true,
      githubId: 42,
    });
    const renamedBranch = await upsertRepository(testDb.db, { host: "github.com", owner: "acme", name: "details", defaultBranch: "trunk" });

    expect(renamedBranch).toMatchObject({ id: created.id, defaultBranch: "trunk", private: true, githubId: 42n });
  });

  it("creates one row when the first sightings race", async () => {
    const input = { host: "github.com", owner: "Acme", name: "raced" };
    const results = await Promise.all(Array.from({ length: 20 }, () => upsertRepository(testDb.db, input)));

    expect(new Set(results.map((repository) => repository.id)).size).toBe(1);
    expect(await testDb.db.repository.count({ where: { nameKey: "raced" } })).toBe(1);
  });
});
