import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, deleteExpiredSessions, deleteSession, findSession } from "./sessions.js";
import { openTestDb, type TestDb } from "./test-support/test-db.js";
import { upsertGithubUser } from "./users.js";

let testDb: TestDb;
let userId: string;
beforeAll(async () => {
  testDb = await openTestDb();
  userId = (await upsertGithubUser(testDb.db, { githubId: 7, login: "alice" })).id;
});
afterAll(() => testDb.close());

const inOneHour = () => new Date(Date.now() + 60 * 60 * 1000);

describe("sessions", () => {
  it("finds a live session by its secret's hash, with its user", async () => {
    const created = await createSession(testDb.db, { secretHash: "hash-live", userId, githubToken: "sealed", expiresAt: inOneHour() });
    const found = await findSession(testDb.db, "hash-live");
    expect(found).toMatchObject({ id: created.id, githubToken: "sealed", user: { login: "alice" } });
    expect(await findSession(testDb.db, "hash-unknown")).toBeNull();
  });

  it("does not find an expired session, and cleans expired ones up", async () => {
    await createSession(testDb.db, { secretHash: "hash-old", userId, githubToken: "sealed", expiresAt: new Date(Date.now() - 1000) });
    expect(await findSession(testDb.db, "hash-old")).toBeNull();
    expect(await deleteExpiredSessions(testDb.db)).toBe(1);
    expect(await testDb.db.session.findUnique({ where: { secretHash: "hash-old" } })).toBeNull();
    expect(await findSession(testDb.db, "hash-live")).not.toBeNull();
  });

  it("signs a session out, once", async () => {
    await createSession(testDb.db, { secretHash: "hash-out", userId, githubToken: "sealed", expiresAt: inOneHour() });
    await deleteSession(testDb.db, "hash-out");
    await deleteSession(testDb.db, "hash-out");
    expect(await findSession(testDb.db, "hash-out")).toBeNull();
  });

  it("refuses two sessions with one secret", async () => {
    await createSession(testDb.db, { secretHash: "hash-dup", userId, githubToken: "a", expiresAt: inOneHour() });
    await expect(createSession(testDb.db, { secretHash: "hash-dup", userId, githubToken: "b", expiresAt: inOneHour() })).rejects.toThrow();
  });
});
