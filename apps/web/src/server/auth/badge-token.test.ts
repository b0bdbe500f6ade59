import { describe, expect, it } from "vitest";
import { badgeTokenMatches, newBadgeToken } from "./badge-token.js";

describe("badge tokens", () => {
  it("are random and URL-safe", () => {
    const token = newBadgeToken();
    expect(token).toMatch(/^[\w-]{32}$/);
    expect(newBadgeToken()).not.toBe(token);
  });

  it("match only the repository's own token", () => {
    const token = newBadgeToken();
    expect(badgeTokenMatches(token, token)).toBe(true);
    expect(badgeTokenMatches(token, newBadgeToken())).toBe(false);
    expect(badgeTokenMatches(token, `${token}x`)).toBe(false);
    expect(badgeTokenMatches(token, "")).toBe(false);
    expect(badgeTokenMatches(token, null)).toBe(false);
    expect(badgeTokenMatches(null, "anything")).toBe(false);
    expect(badgeTokenMatches(null, null)).toBe(false);
  });
});
