import { describe, expect, it } from "vitest";
import { siteOrigin } from "./site-origin.js";

const headers = (values: Record<string, string>) => new Headers(values);

describe("siteOrigin", () => {
  it("prefers the configured public URL", () => {
    expect(siteOrigin("https://lastcall.example", headers({ host: "10.0.0.5:3000" }))).toBe("https://lastcall.example");
  });

  it("falls back to the request's host, behind a proxy its forwarded host and protocol", () => {
    expect(siteOrigin(undefined, headers({ host: "127.0.0.1:3000" }))).toBe("http://127.0.0.1:3000");
    expect(
      siteOrigin(undefined, headers({ host: "web:3000", "x-forwarded-host": "lastcall.example", "x-forwarded-proto": "https, http" })),
    ).toBe("https://lastcall.example");
  });
});
