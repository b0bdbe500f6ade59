import { describe, expect, it } from "vitest";
import { GithubAppConfigError, loadGithubAppConfig } from "./github-app-config.js";

const KEY = "-----BEGIN RSA PRIVATE KEY-----\\nMIIB\\n-----END RSA PRIVATE KEY-----";
const noFiles = (path: string): string => {
  throw new Error(`unexpected read of ${path}`);
};

describe("loadGithubAppConfig", () => {
  it("is undefined without GITHUB_APP_ID: the App is optional", () => {
    expect(loadGithubAppConfig({}, noFiles)).toBeUndefined();
  });

  it("reads the id, the key (with escaped newlines) and both webhook secrets, current first", () => {
    const config = loadGithubAppConfig(
      {
        GITHUB_APP_ID: "42",
        GITHUB_APP_PRIVATE_KEY: KEY,
        GITHUB_WEBHOOK_SECRET: "a".repeat(20),
        GITHUB_WEBHOOK_SECRET_PREVIOUS: "b".repeat(20),
      },
      noFiles,
    );
    expect(config).toEqual({ appId: "42", privateKey: KEY.replaceAll("\\n", "\n"), webhookSecrets: ["a".repeat(20), "b".repeat(20)] });
  });

  it("reads the key from GITHUB_APP_PRIVATE_KEY_FILE", () => {
    const config = loadGithubAppConfig(
      { GITHUB_APP_ID: "42", GITHUB_APP_PRIVATE_KEY_FILE: "/run/secrets/app.pem", GITHUB_WEBHOOK_SECRET: "s".repeat(16) },
      (path) => (path === "/run/secrets/app.pem" ? KEY : ""),
    );
    expect(config?.privateKey).toContain("BEGIN RSA PRIVATE KEY");
  });

  it("names what is missing or wrong", () => {
    expect(() => loadGithubAppConfig({ GITHUB_APP_ID: "x" }, noFiles)).toThrow(/GITHUB_APP_ID must be the App's numeric id/);
    expect(() => loadGithubAppConfig({ GITHUB_APP_ID: "42" }, noFiles)).toThrow(/GITHUB_APP_PRIVATE_KEY .*is required/);
    expect(() => loadGithubAppConfig({ GITHUB_APP_ID: "42", GITHUB_APP_PRIVATE_KEY: "nope" }, noFiles)).toThrow(/not a PEM private key/);
    expect(() => loadGithubAppConfig({ GITHUB_APP_ID: "42", GITHUB_APP_PRIVATE_KEY: KEY }, noFiles)).toThrow(
      /GITHUB_WEBHOOK_SECRET is required/,
    );
    expect(() => loadGithubAppConfig({ GITHUB_WEBHOOK_SECRET: "short" }, noFiles)).toThrow(GithubAppConfigError);
  });
});
