import { describe, expect, it } from "vitest";
import { etagOf, matchesIfNoneMatch } from "./badge-caching.js";

describe("etagOf and matchesIfNoneMatch", () => {
  it("give each body its own strong validator, and match lists, weak validators and *, and nothing else", () => {
    const etag = etagOf("x");
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(etag).toBe(etagOf("x"));
    expect(etag).not.toBe(etagOf("y"));
    expect(matchesIfNoneMatch(`"other", W/${etag}`, etag)).toBe(true);
    expect(matchesIfNoneMatch(etag, etag)).toBe(true);
    expect(matchesIfNoneMatch("*", etag)).toBe(true);
    expect(matchesIfNoneMatch('"other"', etag)).toBe(false);
    expect(matchesIfNoneMatch(undefined, etag)).toBe(false);
  });
});
