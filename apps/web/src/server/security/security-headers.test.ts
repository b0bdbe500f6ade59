import { describe, expect, it } from "vitest";
import { isHttpsRequest, newNonce, pageContentSecurityPolicy } from "./security-headers.js";

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((directive) => {
      const [name = "", ...values] = directive.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe("pageContentSecurityPolicy", () => {
  it("runs scripts only with the request's nonce, never inline ones", () => {
    const policy = directives(pageContentSecurityPolicy("abc123==", false));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(policy.get("style-src")).not.toContain("'unsafe-inline'");
    for (const [name, values] of policy) {
      expect({ name, values: values.filter((value) => value === "'unsafe-eval'") }).toEqual({ name, values: [] });
      if (name !== "style-src-attr")
        expect({ name, unsafeInline: values.includes("'unsafe-inline'") }).toEqual({ name, unsafeInline: false });
    }
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
  });

  it("upgrades subresources only when served over https", () => {
    expect(directives(pageContentSecurityPolicy("n", true)).has("upgrade-insecure-requests")).toBe(true);
    expect(directives(pageContentSecurityPolicy("n", false)).has("upgrade-insecure-requests")).toBe(false);
  });
});

describe("isHttpsRequest", () => {
  it("believes the URL, or the nearest proxy's X-Forwarded-Proto", () => {
    expect(isHttpsRequest(new URL("https://lastcall.example/"), new Headers())).toBe(true);
    expect(isHttpsRequest(new URL("http://10.0.0.2:3000/"), new Headers({ "x-forwarded-proto": "HTTPS, http" }))).toBe(true);
    expect(isHttpsRequest(new URL("http://localhost:3000/"), new Headers())).toBe(false);
  });
});

describe("newNonce", () => {
  it("is 128 random bits, different every time", () => {
    const nonce = newNonce();
    expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    expect(newNonce()).not.toBe(nonce);
  });
});
