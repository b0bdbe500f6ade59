import { describe, expect, it } from "vitest";
import { loadWebConfig } from "./config.js";

describe("loadWebConfig: sign-in with GitHub", () => {
  it("is off without the App's OAuth client, and on with both its id and secret", () => {
    expect(loadWebConfig({}).githubOAuth).toBeUndefined();
    expect(loadWebConfig({ GITHUB_APP_CLIENT_ID: "Iv1.abc", GITHUB_APP_CLIENT_SECRET: "s3cret" }).githubOAuth).toEqual({
      clientId: "Iv1.abc",
      clientSecret: "s3cret",
    });
  });

  it("refuses one without the other", () => {
    expect(() => loadWebConfig({ GITHUB_APP_CLIENT_ID: "Iv1.abc" })).toThrow(
      /GITHUB_APP_CLIENT_ID and GITHUB_APP_CLIENT_SECRET go together/,
    );
    expect(() => loadWebConfig({ GITHUB_APP_CLIENT_SECRET: "s3cret" })).toThrow(/go together/);
  });
});
