import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, type TestDb } from "./test-support/test-db.js";
import { upsertGithubUser } from "./users.js";

let testDb: TestDb;
beforeAll(async () => {
  testDb = await openTestDb();
});
afterAll(() => testDb.close());

describe("upsertGithubUser", () => {
  it("records a user by GitHub id and follows a renamed login", async () => {
    const first = await upsertGithubUser(testDb.db, { githubId: 583231, login: "octocat", name: "The Octocat" });
    const renamed = await upsertGithubUser(testDb.db, { githubId: 583231n, login: "octocat-2" });

    expect(first).toMatchObject({ githubId: 583231n, login: "octocat", name: "The Octocat" });
    expect(renamed).toMatchObject({ id: first.id, login: "octocat-2", name: null });
    expect(await testDb.db.user.count()).toBe(1);
  });

  it("keeps users with the same login apart when GitHub says they are different people", async () => {
    // A login given up by one account can be taken by another.
    const before = await upsertGithubUser(testDb.db, { githubId: 1, login: "reused" });
    const after = await upsertGithubUser(testDb.db, { githubId: 2, login: "reused" });
    expect(after.id).not.toBe(before.id);
  });
});
