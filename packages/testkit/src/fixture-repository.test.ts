import { describe, expect, it } from "vitest";
import { fixtureRepositoryFiles, withVaultLeaseRevoked } from "./fixture-repository.js";

describe("fixtureRepositoryFiles", () => {
  it("reads an analyzer fixture with repository-relative paths", async () => {
    const files = await fixtureRepositoryFiles();
    expect(Object.keys(files)).toContain("expected.json");
    expect(Object.keys(files).every((path) => !path.startsWith("/"))).toBe(true);
    await expect(fixtureRepositoryFiles("no-such-fixture")).rejects.toThrow();
  });
});

describe("withVaultLeaseRevoked", () => {
  it("adds a revoke on shutdown to the Vault fixture and keeps the other files", async () => {
    const files = await fixtureRepositoryFiles();
    const fixed = withVaultLeaseRevoked(files);
    expect(fixed["src/vault.ts"]).toContain("tokenRevokeSelf");
    expect(fixed["src/index.ts"]).toContain("await revokeCredentials();");
    expect(Object.keys(fixed).sort()).toEqual(Object.keys(files).sort());
  });
});
