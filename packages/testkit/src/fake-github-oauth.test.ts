import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeGithub, startFakeGithub } from "./fake-github.js";
import { type GitHttpServer, startGitHttpServer } from "./git-http-server.js";

const CLIENT = { clientId: "Iv1.client", clientSecret: "client-secret-0123456789" };
const CALLBACK = "http://127.0.0.1:9/auth/callback";

describe("the fake GitHub's OAuth web flow, behind the git server as on github.com", () => {
  let github: FakeGithub;
  let git: GitHttpServer;

  beforeAll(async () => {
    github = await startFakeGithub({
      repositories: [
        { owner: "acme", name: "secret", private: true },
        { owner: "acme", name: "open" },
      ],
      users: [
        { login: "alice", repositories: { "acme/secret": "admin" } },
        { login: "bob", repositories: { "Acme/Secret": "read" } },
        { login: "mallory" },
      ],
      oauth: CLIENT,
    });
    git = await startGitHttpServer({ loginServer: github.url });
  });
  afterAll(async () => {
    await git.close();
    await github.close();
  });

  /** Approves on GitHub's consent page (as `login`, or as whoever is signed in) and returns the callback URL. */
  async function authorize(params: Record<string, string>): Promise<Response> {
    const url = new URL("/login/oauth/authorize", git.url);
    for (const [name, value] of Object.entries({ client_id: CLIENT.clientId, redirect_uri: CALLBACK, ...params }))
      url.searchParams.set(name, value);
    return fetch(url, { redirect: "manual" });
  }

  async function exchange(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const response = await fetch(`${git.url}/login/oauth/access_token`, {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/json" },
      body: JSON.stringify({ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, redirect_uri: CALLBACK, ...body }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  }

  async function signIn(login: string): Promise<string> {
    const approved = await authorize({ state: "s", login });
    const code = new URL(approved.headers.get("location") ?? "").searchParams.get("code") ?? "";
    return String((await exchange({ code })).access_token);
  }

  const api = (path: string, token: string) => fetch(`${github.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it("redirects back with a code and the state, as the user the browser is signed in as", async () => {
    github.signIn("alice");
    const approved = await authorize({ state: "xyz" });
    expect(approved.status).toBe(302);
    const callback = new URL(approved.headers.get("location") ?? "");
    expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);
    expect(callback.searchParams.get("state")).toBe("xyz");

    const token = await exchange({ code: callback.searchParams.get("code") });
    expect(token).toMatchObject({ access_token: expect.stringMatching(/^ghu_/), token_type: "bearer", expires_in: 8 * 60 * 60 });
    expect(github.userTokens.at(-1)).toMatchObject({ login: "alice", token: token.access_token });
    expect(await (await api("/user", String(token.access_token))).json()).toMatchObject({ login: "alice", id: 5000 });
  });

  it("refuses an unknown client, and asks to sign in when nobody is", async () => {
    expect((await authorize({ client_id: "other" })).status).toBe(404);
    github.signIn(undefined);
    expect((await authorize({})).status).toBe(401);
  });

  it("exchanges a code once, only with the right client secret and redirect URI, answering errors as GitHub does", async () => {
    const approve = async () => new URL((await authorize({ login: "bob" })).headers.get("location") ?? "").searchParams.get("code") ?? "";
    expect(await exchange({ code: await approve(), client_secret: "wrong" })).toMatchObject({ error: "incorrect_client_credentials" });
    expect(await exchange({ code: await approve(), redirect_uri: "http://127.0.0.1:9/elsewhere" })).toMatchObject({
      error: "redirect_uri_mismatch",
    });
    const code = await approve();
    expect(await exchange({ code })).toHaveProperty("access_token");
    expect(await exchange({ code })).toMatchObject({ error: "bad_verification_code" });
  });

  it("shows a user the repositories they may read, with their permissions, and a 404 for the rest", async () => {
    const alice = await signIn("alice");
    const bob = await signIn("bob");
    const mallory = await signIn("mallory");
    expect(await (await api("/repos/acme/secret", alice)).json()).toMatchObject({
      private: true,
      permissions: { admin: true, pull: true },
    });
    expect(await (await api("/repos/acme/secret", bob)).json()).toMatchObject({ permissions: { admin: false, push: false, pull: true } });
    expect((await api("/repos/acme/secret", mallory)).status).toBe(404);
    expect(await (await api("/repos/acme/open", mallory)).json()).toMatchObject({
      private: false,
      permissions: { admin: false, pull: true },
    });
    expect((await api("/repos/acme/missing", alice)).status).toBe(404);

    github.setPermission("mallory", "acme/secret", "write");
    expect(await (await api("/repos/acme/secret", mallory)).json()).toMatchObject({ permissions: { push: true, admin: false } });
    github.setPermission("alice", "acme/secret", null);
    expect((await api("/repos/acme/secret", alice)).status).toBe(404);
  });

  it("rejects a revoked or expired user token with 401", async () => {
    const token = await signIn("bob");
    github.revokeUserToken(token);
    expect((await api("/user", token)).status).toBe(401);
    expect((await api("/repos/acme/secret", token)).status).toBe(401);

    const shortLived = await startFakeGithub({ users: [{ login: "bob" }], oauth: { ...CLIENT, tokenLifetimeSeconds: 0 } });
    try {
      const approved = await fetch(
        `${shortLived.url}/login/oauth/authorize?client_id=${CLIENT.clientId}&redirect_uri=${CALLBACK}&login=bob`,
        {
          redirect: "manual",
        },
      );
      const code = new URL(approved.headers.get("location") ?? "").searchParams.get("code");
      const response = await fetch(`${shortLived.url}/login/oauth/access_token`, {
        method: "POST",
        headers: { accept: "application/json", "content-type": "application/json" },
        body: JSON.stringify({ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, code }),
      });
      const { access_token } = (await response.json()) as { access_token: string };
      expect((await fetch(`${shortLived.url}/user`, { headers: { authorization: `token ${access_token}` } })).status).toBe(401);
    } finally {
      await shortLived.close();
    }
  });

  it("still serves git beside the sign-in pages", async () => {
    await git.commit("acme/open", { files: { "README.md": "hi" } });
    const refs = await fetch(`${git.url}/acme/open.git/info/refs?service=git-upload-pack`);
    expect(refs.status).toBe(200);
    expect(git.requests).toContain("GET /login/oauth/access_token".replace("GET", "POST"));
  });
});
