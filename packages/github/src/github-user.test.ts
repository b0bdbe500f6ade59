import { type FakeGithub, startFakeGithub } from "@lastcall/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GithubTokenRejectedError, getGithubUser, getRepositoryAccess } from "./github-user.js";
import { exchangeOAuthCode, oauthAuthorizationUrl } from "./oauth-web-flow.js";

const CLIENT = { clientId: "Iv1.lastcall", clientSecret: "client-secret-0123456789" };
const REDIRECT = "https://lastcall.example/auth/callback";

describe("asking GitHub as a signed-in user", () => {
  let github: FakeGithub;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    github = await startFakeGithub({
      repositories: [
        { owner: "acme", name: "secret", private: true },
        { owner: "acme", name: "open" },
      ],
      users: [
        { login: "alice", id: 42, name: "Alice", repositories: { "acme/secret": "admin" } },
        { login: "bob", repositories: { "acme/secret": "write" } },
        { login: "mallory" },
      ],
      oauth: CLIENT,
    });
    const serverUrl = new URL(github.url);
    for (const login of ["alice", "bob", "mallory"]) {
      const consent = await fetch(
        `${oauthAuthorizationUrl({ serverUrl, clientId: CLIENT.clientId, redirectUrl: REDIRECT, state: "s" })}&login=${login}`,
        {
          redirect: "manual",
        },
      );
      const code = new URL(consent.headers.get("location") ?? "").searchParams.get("code") ?? "";
      tokens[login] = (await exchangeOAuthCode({ serverUrl, ...CLIENT, code, redirectUrl: REDIRECT })).token;
    }
  });
  afterAll(() => github.close());

  const as = (login: string) => ({ apiUrl: `${github.url}/`, token: tokens[login] ?? "" });

  it("reads who the user is", async () => {
    expect(await getGithubUser(as("alice"))).toEqual({ id: 42, login: "alice", name: "Alice" });
    const request = github.requests.at(-1);
    expect(request?.path).toBe("/user");
    expect(request?.headers.authorization).toBe(`Bearer ${tokens.alice}`);
  });

  it("reads whether the user can read and administer a repository", async () => {
    expect(await getRepositoryAccess({ ...as("alice"), owner: "acme", repo: "secret" })).toEqual({ canRead: true, admin: true });
    expect(await getRepositoryAccess({ ...as("bob"), owner: "acme", repo: "secret" })).toEqual({ canRead: true, admin: false });
    expect(await getRepositoryAccess({ ...as("mallory"), owner: "acme", repo: "secret" })).toEqual({ canRead: false, admin: false });
    expect(await getRepositoryAccess({ ...as("mallory"), owner: "acme", repo: "open" })).toEqual({ canRead: true, admin: false });
    expect(await getRepositoryAccess({ ...as("alice"), owner: "acme", repo: "../../user" })).toEqual({ canRead: false, admin: false });
  });

  it("says when GitHub no longer accepts the token", async () => {
    github.revokeUserToken(tokens.bob ?? "");
    await expect(getGithubUser(as("bob"))).rejects.toBeInstanceOf(GithubTokenRejectedError);
    await expect(getRepositoryAccess({ ...as("bob"), owner: "acme", repo: "secret" })).rejects.toBeInstanceOf(GithubTokenRejectedError);
  });
});
