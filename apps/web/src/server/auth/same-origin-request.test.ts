import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "./same-origin-request.js";

const SITE = "https://lastcall.example";
const check = (headers: Record<string, string>) => isSameOriginRequest(new Headers(headers), SITE);

describe("isSameOriginRequest", () => {
  it("accepts a form posted from our own pages", () => {
    expect(check({ "sec-fetch-site": "same-origin", origin: SITE })).toBe(true);
    // Older browsers send only Origin; some requests carry only Sec-Fetch-Site.
    expect(check({ origin: SITE })).toBe(true);
    expect(check({ "sec-fetch-site": "same-origin" })).toBe(true);
  });

  it("refuses cross-site and same-site requests, other origins, and requests that say nothing", () => {
    expect(check({ "sec-fetch-site": "cross-site", origin: "https://evil.example" })).toBe(false);
    expect(check({ "sec-fetch-site": "same-site", origin: "https://docs.lastcall.example" })).toBe(false);
    expect(check({ "sec-fetch-site": "none" })).toBe(false);
    expect(check({ origin: "https://evil.example" })).toBe(false);
    expect(check({ origin: "null" })).toBe(false);
    expect(check({ "sec-fetch-site": "same-origin", origin: "http://lastcall.example" })).toBe(false);
    expect(check({})).toBe(false);
  });
});
