import { type FakeGithub, startFakeGithub } from "@lastcall/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exchangeOAuthCode, OAuthExchangeError, oauthAuthorizationUrl } from "./oauth-web-flow.js";

const CLIENT = { clientId: "Iv1.lastcall", clientSecret: "client-secret-0123456789" };
const REDIRECT = "https://lastcall.example/auth/callback";

describe("the OAuth web flow against a fake GitHub", () => {
  let github: FakeGithub;
  let serverUrl: URL;
  beforeAll(async () => {
    github = await startFakeGithub({ users: [{ login: "alice", id: 42 }], oauth: CLIENT });
    serverUrl = new URL(github.url);
  });
  afterAll(() => github.close());

  async function approve(state: string): Promise<URL> {
    const consent = await fetch(
      `${oauthAuthorizationUrl({ serverUrl, clientId: CLIENT.clientId, redirectUrl: REDIRECT, state })}&login=alice`,
      {
        redirect: "manual",
      },
    );
    return new URL(consent.headers.get("location") ?? "");
  }

  it("sends people to GitHub's consent page with our client, callback and state", () => {
    const url = new URL(
      oauthAuthorizationUrl({ serverUrl: new URL("https://github.com"), clientId: "Iv1.x", redirectUrl: REDIRECT, state: "s&t" }),
    );
    expect(`${url.origin}${url.pathname}`).toBe("https://github.com/login/oauth/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: "Iv1.x",
      redirect_uri: REDIRECT,
      state: "s&t",
      allow_signup: "false",
    });
  });

  it("exchanges the callback's code for the user's token and when it expires", async () => {
    const callback = await approve("abc");
    expect(callback.searchParams.get("state")).toBe("abc");
    const before = Date.now();
    const token = await exchangeOAuthCode({ serverUrl, ...CLIENT, code: callback.searchParams.get("code") ?? "", redirectUrl: REDIRECT });
    const after = Date.now();
    expect(token.token).toBe(github.userTokens.at(-1)?.token);
    // Eight hours from when the request was sent, which lies between `before` and `after`.
    const expiresAt = token.expiresAt?.getTime() ?? 0;
    expect(expiresAt).toBeGreaterThanOrEqual(before + 8 * 60 * 60 * 1000);
    expect(expiresAt).toBeLessThanOrEqual(after + 8 * 60 * 60 * 1000);
  });

  it("turns GitHub's refusals into errors with GitHub's code", async () => {
    const code = (await approve("x")).searchParams.get("code") ?? "";
    await exchangeOAuthCode({ serverUrl, ...CLIENT, code, redirectUrl: REDIRECT });
    const again = exchangeOAuthCode({ serverUrl, ...CLIENT, code, redirectUrl: REDIRECT });
    await expect(again).rejects.toBeInstanceOf(OAuthExchangeError);
    await expect(again).rejects.toMatchObject({ code: "bad_verification_code" });
    const fresh = (await approve("y")).searchParams.get("code") ?? "";
    await expect(
      exchangeOAuthCode({ serverUrl, ...CLIENT, clientSecret: "wrong", code: fresh, redirectUrl: REDIRECT }),
    ).rejects.toMatchObject({
      code: "incorrect_client_credentials",
    });
  });

  it("says when a token does not expire", async () => {
    const forever = await startFakeGithub({ users: [{ login: "alice" }], oauth: { ...CLIENT, tokenLifetimeSeconds: null } });
    try {
      const url = new URL(forever.url);
      const consent = await fetch(
        `${oauthAuthorizationUrl({ serverUrl: url, clientId: CLIENT.clientId, redirectUrl: REDIRECT, state: "s" })}&login=alice`,
        {
          redirect: "manual",
        },
      );
      const code = new URL(consent.headers.get("location") ?? "").searchParams.get("code") ?? "";
      expect(await exchangeOAuthCode({ serverUrl: url, ...CLIENT, code, redirectUrl: REDIRECT })).toMatchObject({ expiresAt: undefined });
    } finally {
      await forever.close();
    }
  });
});
