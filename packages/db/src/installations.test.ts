import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findActiveInstallation, markInstallationDeleted, upsertInstallation } from "./installations.js";
import { upsertRepository } from "./repositories.js";
import { openTestDb, type TestDb } from "./test-support/test-db.js";

let testDb: TestDb;
beforeAll(async () => {
  testDb = await openTestDb();
});
afterAll(() => testDb.close());

describe("installations", () => {
  it("records an installation and updates it when seen again", async () => {
    const created = await upsertInstallation(testDb.db, { id: 1001, accountLogin: "acme", accountType: "Organization" });
    const suspended = await upsertInstallation(testDb.db, {
      id: 1001n,
      accountLogin: "acme-renamed",
      accountType: "Organization",
      suspendedAt: new Date("2025-03-01T00:00:00Z"),
    });

    expect(created).toMatchObject({ id: 1001n, suspendedAt: null, deletedAt: null });
    expect(suspended).toMatchObject({ id: 1001n, accountLogin: "acme-renamed", suspendedAt: new Date("2025-03-01T00:00:00Z") });
  });

  it("marks an uninstalled installation deleted, detaches its repositories, and revives it when installed again", async () => {
    await upsertInstallation(testDb.db, { id: 2002, accountLogin: "octo", accountType: "User" });
    const repository = await upsertRepository(testDb.db, { host: "github.com", owner: "octo", name: "mcp", installationId: 2002 });
    expect(repository.installationId).toBe(2002n);

    expect(await markInstallationDeleted(testDb.db, 2002)).toBe(true);
    expect(await testDb.db.installation.findUniqueOrThrow({ where: { id: 2002n } })).toMatchObject({ deletedAt: expect.any(Date) });
    expect(await testDb.db.repository.findUniqueOrThrow({ where: { id: repository.id } })).toMatchObject({ installationId: null });

    expect(await upsertInstallation(testDb.db, { id: 2002, accountLogin: "octo", accountType: "User" })).toMatchObject({ deletedAt: null });
    expect(await markInstallationDeleted(testDb.db, 9999)).toBe(false);
  });

  it("finds an installation only while it is active: not suspended, not uninstalled", async () => {
    await upsertInstallation(testDb.db, { id: 3003, accountLogin: "acme", accountType: "Organization" });
    expect(await findActiveInstallation(testDb.db, 3003)).toMatchObject({ id: 3003n });

    await upsertInstallation(testDb.db, { id: 3003, accountLogin: "acme", accountType: "Organization", suspendedAt: new Date() });
    expect(await findActiveInstallation(testDb.db, 3003)).toBeNull();
    await upsertInstallation(testDb.db, { id: 3003, accountLogin: "acme", accountType: "Organization", suspendedAt: null });
    expect(await findActiveInstallation(testDb.db, 3003n)).toMatchObject({ id: 3003n });

    await markInstallationDeleted(testDb.db, 3003);
    expect(await findActiveInstallation(testDb.db, 3003)).toBeNull();
    expect(await findActiveInstallation(testDb.db, 4004)).toBeNull();
  });
});
