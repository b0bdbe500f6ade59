import { describe, expect, it } from "vitest";
import { returnPath } from "./return-path.js";

const SITE = "https://lastcall.example";

describe("returnPath", () => {
  it("keeps a path on this site, or a full URL of it", () => {
    expect(returnPath("/r/acme/server?tab=1", SITE)).toBe("/r/acme/server?tab=1");
    expect(returnPath(`${SITE}/scans/abc`, SITE)).toBe("/scans/abc");
    expect(returnPath("/", SITE)).toBe("/");
  });

  it("refuses anything that would leave the site, or loop through sign-in", () => {
    for (const candidate of [
      "https://evil.example/",
      "//evil.example/path",
      "/\\evil.example",
      "\\\\evil.example",
      "javascript:alert(1)",
      "http://lastcall.example/",
      "/auth/signin",
      "/auth/callback?code=x",
      "",
      null,
      undefined,
    ]) {
      expect({ candidate, path: returnPath(candidate, SITE) }).toEqual({ candidate, path: undefined });
    }
  });
});
