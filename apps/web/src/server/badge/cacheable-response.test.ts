import { describe, expect, it } from "vitest";
import { cacheableResponse, etagOf, matchesIfNoneMatch } from "./cacheable-response.js";

describe("cacheableResponse", () => {
  it("answers 200 with an ETag of the body, and 304 without a body when the client has it", async () => {
    const first = cacheableResponse(new Request("http://localhost/b"), "<svg/>", { "cache-control": "public" });
    expect(first.status).toBe(200);
    expect(first.headers.get("etag")).toBe(etagOf("<svg/>"));
    expect(await first.text()).toBe("<svg/>");

    const again = cacheableResponse(new Request("http://localhost/b", { headers: { "if-none-match": etagOf("<svg/>") } }), "<svg/>", {
      "cache-control": "public",
    });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etagOf("<svg/>"));
    expect(again.headers.get("cache-control")).toBe("public");
    expect(await again.text()).toBe("");
  });

  it("matches lists, weak validators and *, and nothing else", () => {
    const etag = etagOf("x");
    expect(etag).not.toBe(etagOf("y"));
    expect(matchesIfNoneMatch(`"other", W/${etag}`, etag)).toBe(true);
    expect(matchesIfNoneMatch("*", etag)).toBe(true);
    expect(matchesIfNoneMatch('"other"', etag)).toBe(false);
    expect(matchesIfNoneMatch(null, etag)).toBe(false);
  });
});
