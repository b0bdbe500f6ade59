import { describe, expect, it } from "vitest";
import { newSessionSecret, openGithubToken, sealGithubToken, sessionSecretHash } from "./session-secret.js";

describe("session secrets", () => {
  it("are 256 random bits, stored only as a hash", () => {
    const secret = newSessionSecret();
    expect(Buffer.from(secret, "base64url")).toHaveLength(32);
    expect(newSessionSecret()).not.toBe(secret);
    expect(sessionSecretHash(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(sessionSecretHash(secret)).not.toContain(secret);
  });

  it("seal the GitHub token so that only the session's own secret opens it", () => {
    const secret = newSessionSecret();
    const sealed = sealGithubToken("ghu_abc123", secret);
    expect(sealed).not.toContain("ghu_");
    expect(sealGithubToken("ghu_abc123", secret)).not.toBe(sealed);
    expect(openGithubToken(sealed, secret)).toBe("ghu_abc123");
    expect(openGithubToken(sealed, newSessionSecret())).toBeUndefined();
  });

  it("refuse a sealed token that was tampered with or cut short", () => {
    const secret = newSessionSecret();
    const sealed = Buffer.from(sealGithubToken("ghu_abc123", secret), "base64url");
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] ?? 0) ^ 1;
    expect(openGithubToken(sealed.toString("base64url"), secret)).toBeUndefined();
    expect(openGithubToken("short", secret)).toBeUndefined();
  });
});
