import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { parseCliEnv } from "./env.js";

function message(env: Record<string, string>): string {
  const parsed = parseCliEnv(env);
  if (parsed.ok) throw new Error("accepted");
  return parsed.message;
}

describe("parseCliEnv", () => {
  it("defaults to github.com, the system temp directory and colour", () => {
    const parsed = parseCliEnv({});
    expect(parsed).toEqual({
      ok: true,
      env: { githubServer: new URL("https://github.com"), tempRoot: tmpdir(), noColor: false, gitEnv: {} },
    });
  });

  it("accepts a GitHub Enterprise origin and a loopback http server", () => {
    for (const url of [
      "https://ghe.example.com",
      "https://ghe.example.com:8443/",
      "http://127.0.0.1:3000",
      "http://localhost:8080",
      "http://[::1]:9000",
    ]) {
      const parsed = parseCliEnv({ GITHUB_SERVER_URL: url });
      expect(parsed.ok && parsed.env.githubServer.href).toBe(new URL(url).href);
    }
  });

  it.each([
    ["ftp://github.com", "GITHUB_SERVER_URL must be an http(s) URL such as https://github.com"],
    ["github.com", "GITHUB_SERVER_URL must be an http(s) URL such as https://github.com"],
    ["http://github.com", "GITHUB_SERVER_URL plain http is allowed only on a loopback host"],
    ["http://10.0.0.1:3000", "GITHUB_SERVER_URL plain http is allowed only on a loopback host"],
    ["https://user:token@github.com", "GITHUB_SERVER_URL must not contain credentials"],
    ["https://github.com/api/v3", "GITHUB_SERVER_URL must be an origin, with no path, query or fragment"],
    ["https://github.com/?x=1", "GITHUB_SERVER_URL must be an origin, with no path, query or fragment"],
  ])("rejects GITHUB_SERVER_URL=%s, naming the variable", (value, expected) => {
    expect(message({ GITHUB_SERVER_URL: value })).toBe(`invalid environment: ${expected}`);
  });

  it("resolves TMPDIR and reads NO_COLOR", () => {
    const parsed = parseCliEnv({ TMPDIR: "/var/tmp/", NO_COLOR: "1" });
    expect(parsed.ok && [parsed.env.tempRoot, parsed.env.noColor]).toEqual(["/var/tmp", true]);
    const empty = parseCliEnv({ NO_COLOR: "" });
    expect(empty.ok && empty.env.noColor).toBe(false);
  });

  it("passes git only PATH, HOME, proxies and CA settings", () => {
    const parsed = parseCliEnv({
      PATH: "/usr/bin",
      HOME: "/home/dev",
      HTTPS_PROXY: "http://proxy:3128",
      SSL_CERT_FILE: "/etc/ca.pem",
      GIT_DIR: "/somewhere/else",
      GIT_SSH_COMMAND: "sh -c evil",
      GIT_ASKPASS: "/usr/bin/leak",
      GIT_CONFIG_GLOBAL: "/home/dev/.gitconfig",
      GITHUB_TOKEN: "ghp_secret",
    });
    expect(parsed.ok && parsed.env.gitEnv).toEqual({
      PATH: "/usr/bin",
      HOME: "/home/dev",
      HTTPS_PROXY: "http://proxy:3128",
      SSL_CERT_FILE: "/etc/ca.pem",
    });
  });
});
