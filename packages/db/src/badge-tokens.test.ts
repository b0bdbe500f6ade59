import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setRepositoryBadgeToken } from "./badge-tokens.js";
import { findRepository, upsertRepository } from "./repositories.js";
import { openTestDb, type TestDb } from "./test-support/test-db.js";

let testDb: TestDb;
beforeAll(async () => {
  testDb = await openTestDb();
});
afterAll(() => testDb.close());

describe("setRepositoryBadgeToken", () => {
  it("replaces the repository's badge token, which upserts from webhooks leave alone", async () => {
    const repository = await upsertRepository(testDb.db, { host: "github.com", owner: "acme", name: "secret", private: true });
    expect(repository.badgeToken).toBeNull();
    expect(await setRepositoryBadgeToken(testDb.db, repository.id, "first")).toBe(true);
    expect(await setRepositoryBadgeToken(testDb.db, repository.id, "second")).toBe(true);
    await upsertRepository(testDb.db, { host: "github.com", owner: "Acme", name: "Secret", defaultBranch: "main" });
    expect(await findRepository(testDb.db, { host: "github.com", owner: "acme", name: "secret" })).toMatchObject({ badgeToken: "second" });
  });

  it("says when there is no such repository", async () => {
    expect(await setRepositoryBadgeToken(testDb.db, "00000000-0000-4000-8000-000000000000", "token")).toBe(false);
  });
});
