import { describe, expect, it } from "vitest";
import { githubServerUrlSchema } from "./github-server-url.js";

describe("githubServerUrlSchema", () => {
  it("defaults to github.com and accepts GitHub Enterprise origins and loopback http servers", () => {
    expect(githubServerUrlSchema.parse(undefined).href).toBe("https://github.com/");
    for (const url of ["https://ghe.example.com:8443/", "http://127.0.0.1:3000", "http://localhost:8080", "http://[::1]:9000"]) {
      expect(githubServerUrlSchema.parse(url).href).toBe(new URL(url).href);
    }
  });

  it.each([
    ["ftp://github.com", "must be an http(s) URL such as https://github.com"],
    ["http://10.0.0.1:3000", "plain http is allowed only on a loopback host"],
    ["https://user:token@github.com", "must not contain credentials"],
    ["https://github.com/api/v3", "must be an origin, with no path, query or fragment"],
  ])("rejects %s", (value, message) => {
    const parsed = githubServerUrlSchema.safeParse(value);
    expect(parsed.success ? undefined : parsed.error.issues[0]?.message).toBe(message);
  });
});
