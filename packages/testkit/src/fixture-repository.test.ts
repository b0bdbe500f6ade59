import { describe, expect, it } from "vitest";
import { fixtureRepositoryFiles } from "./fixture-repository.js";

describe("fixtureRepositoryFiles", () => {
  it("reads an analyzer fixture with repository-relative paths", async () => {
    const files = await fixtureRepositoryFiles();
    expect(Object.keys(files)).toContain("expected.json");
    expect(Object.keys(files).every((path) => !path.startsWith("/"))).toBe(true);
    await expect(fixtureRepositoryFiles("no-such-fixture")).rejects.toThrow();
  });
});
