import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertRepository } from "./repositories.js";
import { findRecentRepositoryAccess, recordRepositoryAccess } from "./repository-access.js";
import { openTestDb, type TestDb } from "./test-support/test-db.js";
import { upsertGithubUser } from "./users.js";

let testDb: TestDb;
let userId: string;
let repositoryId: string;
beforeAll(async () => {
  testDb = await openTestDb();
  userId = (await upsertGithubUser(testDb.db, { githubId: 7, login: "alice" })).id;
  repositoryId = (await upsertRepository(testDb.db, { host: "github.com", owner: "acme", name: "secret", private: true })).id;
});
afterAll(() => testDb.close());

describe("repository access", () => {
  it("keeps GitHub's latest answer and finds it only while it is recent enough", async () => {
    const checkedAt = new Date(Date.now() - 60_000);
    await recordRepositoryAccess(testDb.db, { userId, repositoryId, canRead: true, admin: false, checkedAt });
    expect(await findRecentRepositoryAccess(testDb.db, { userId, repositoryId, since: new Date(Date.now() - 120_000) })).toMatchObject({
      canRead: true,
      admin: false,
      checkedAt,
    });
    expect(await findRecentRepositoryAccess(testDb.db, { userId, repositoryId, since: new Date() })).toBeNull();

    await recordRepositoryAccess(testDb.db, { userId, repositoryId, canRead: false, admin: false });
    expect(await findRecentRepositoryAccess(testDb.db, { userId, repositoryId, since: new Date(Date.now() - 5_000) })).toMatchObject({
      canRead: false,
    });
    expect(await testDb.db.repositoryAccess.count()).toBe(1);
  });

  it("is forgotten with the user or the repository", async () => {
    const bob = await upsertGithubUser(testDb.db, { githubId: 8, login: "bob" });
    await recordRepositoryAccess(testDb.db, { userId: bob.id, repositoryId, canRead: true, admin: true });
    await testDb.db.user.delete({ where: { id: bob.id } });
    await testDb.db.repository.delete({ where: { id: repositoryId } });
    expect(await testDb.db.repositoryAccess.count()).toBe(0);
  });
});
