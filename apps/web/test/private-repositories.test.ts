import { randomUUID } from "node:crypto";
import { upsertRepository } from "@lastcall/db";
import { type FakeGithub, fixtureRepositoryFiles } from "@lastcall/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postScan, waitForScan } from "./support/api-client.js";
import { setCookie, signInAs, startSignInGithub } from "./support/github-sign-in.js";
import { startWebHarness, type WebHarness } from "./support/web-harness.js";

// DESIGN.md: "Private repositories are visible only to signed-in users with access on GitHub". Everyone
// else gets what a repository never scanned gets, so that not even its existence shows.
let harness: WebHarness;
let github: FakeGithub;
let scanId: string;

beforeAll(async () => {
  const signIn = await startSignInGithub(
    [
      { login: "alice", repositories: { "acme/server": "admin", "acme/other": "admin" } },
      { login: "bob", repositories: { "acme/server": "read" } },
      { login: "mallory" },
    ],
    [
      { owner: "acme", name: "server", private: true },
      { owner: "acme", name: "other", private: true },
    ],
  );
  github = signIn.github;
  harness = await startWebHarness({ git: { loginServer: github.url }, env: signIn.env });
  await harness.git.commit("acme/server", { files: await fixtureRepositoryFiles() });
  const submitted = await postScan(harness.baseUrl, { url: "acme/server" });
  scanId = String((await waitForScan(harness.baseUrl, String(submitted.body.id))).id);
  // The GitHub App's installation data says so (the webhook helper stores it); the scan itself ran as for any repository.
  await harness.db.repository.updateMany({ where: { ownerKey: "acme", nameKey: "server" }, data: { private: true } });
});

afterAll(async () => {
  await harness?.close();
  await github?.close();
});

function get(path: string, cookie?: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${harness.baseUrl}${path}`, { headers: { ...headers, ...(cookie === undefined ? {} : { cookie }) }, redirect: "manual" });
}

/** What each way of reading the repository answers: status, and the body for the API (pages differ per request by their nonce). */
async function answers(cookie?: string): Promise<Record<string, { status: number; body?: unknown }>> {
  const paths = [
    "/r/acme/server",
    `/scans/${scanId}`,
    "/api/v1/repos/acme/server",
    "/api/v1/repos/acme/server/history",
    `/api/v1/scans/${scanId}`,
    `/api/v1/scans/${scanId}/sarif`,
    `/api/v1/scans/${scanId}/events`,
  ];
  const entries = await Promise.all(
    paths.map(async (path) => {
      const response = await get(path, cookie);
      const body = path.startsWith("/api/") && response.status === 404 ? await response.json() : await response.text();
      return [
        path,
        path.startsWith("/api/") && response.status === 404 ? { status: response.status, body } : { status: response.status },
      ] as const;
    }),
  );
  return Object.fromEntries(entries);
}

const NOT_FOUND_REPOSITORY = { status: 404, body: { error: { code: "not_found", message: "No such repository has been scanned" } } };
const NOT_FOUND_SCAN = { status: 404, body: { error: { code: "not_found", message: "No such scan" } } };
const HIDDEN = {
  "/r/acme/server": { status: 404 },
  "/scans/:id": { status: 404 },
  "/api/v1/repos/acme/server": NOT_FOUND_REPOSITORY,
  "/api/v1/repos/acme/server/history": NOT_FOUND_REPOSITORY,
  "/api/v1/scans/:id": NOT_FOUND_SCAN,
  "/api/v1/scans/:id/sarif": NOT_FOUND_SCAN,
  "/api/v1/scans/:id/events": NOT_FOUND_SCAN,
};
const byPattern = (found: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(found).map(([path, value]) => [path.replace(scanId, ":id"), value]));

describe("a private repository", () => {
  it("is a 404 everywhere to people who are not signed in, the same 404 as a repository or scan that does not exist", async () => {
    expect(byPattern(await answers())).toEqual(HIDDEN);
    expect(await (await get("/api/v1/repos/acme/never-scanned")).json()).toEqual(NOT_FOUND_REPOSITORY.body);
    expect(await (await get(`/api/v1/scans/${randomUUID()}`)).json()).toEqual(NOT_FOUND_SCAN.body);
    expect((await get("/r/acme/never-scanned")).status).toBe(404);
    // Nor does it show up in the home page's lists.
    expect(await (await get("/")).text()).not.toContain("acme/server");
  });

  it("is a 404 to a signed-in user whom GitHub does not let read it", async () => {
    const mallory = await signInAs(harness.baseUrl, "mallory");
    expect(byPattern(await answers(mallory))).toEqual(HIDDEN);
  });

  it("is shown to a signed-in user who can read it on GitHub, asking GitHub once for a while", async () => {
    const bob = await signInAs(harness.baseUrl, "bob");
    const token = github.userTokens.findLast((issued) => issued.login === "bob")?.token;
    const asked = () =>
      github.requests.filter((request) => request.path === "/repos/acme/server" && request.headers.authorization === `Bearer ${token}`);

    expect((await get("/api/v1/repos/acme/server", bob)).status).toBe(200);
    const found = await answers(bob);
    expect(Object.values(found).map(({ status }) => status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(await (await get("/api/v1/repos/acme/server", bob)).json()).toMatchObject({
      repository: { owner: "acme", name: "server" },
      latestScan: { id: scanId, status: "done" },
    });
    expect((await get(`/api/v1/scans/${scanId}/sarif`, bob)).headers.get("content-type")).toBe("application/sarif+json");
    const page = await (await get("/r/acme/server", bob)).text();
    expect(page).toContain("bob");
    // A reader is not an admin: no badge token, no way to rotate it.
    expect(page).not.toContain("badge-token");
    expect(page).toContain("its badge needs a token");
    // Eleven reads, one question to GitHub: the answer is kept for five minutes.
    expect(asked()).toHaveLength(1);
  });

  it("has a grey badge without its token, a scored one with it, and a grey one again for a token rotated away", async () => {
    const unknown = await (await get("/badge/acme/never-scanned.svg")).text();
    const grey = await get("/badge/acme/server.svg");
    expect(await grey.text()).toBe(unknown);
    expect(grey.headers.get("cache-control")).toBe((await get("/badge/acme/never-scanned.svg")).headers.get("cache-control"));
    expect(await (await get("/badge/acme/server.json?token=guess")).json()).toMatchObject({ message: "not scanned" });

    const alice = await signInAs(harness.baseUrl, "alice");
    expect(await (await get("/r/acme/server", alice)).text()).toContain("Create badge token");
    const token = await rotate(alice);
    const scored = await get(`/badge/acme/server.json?token=${token}`);
    expect(await scored.json()).toMatchObject({ message: expect.stringMatching(/^\d+ · [A-F]$/) });
    // No shared cache may keep a private score: a rotated token must stop working at once.
    expect(scored.headers.get("cache-control")).toBe("private, no-cache");
    expect(await (await get(`/badge/acme/server.svg?token=${token}`)).text()).not.toBe(unknown);

    const rotated = await rotate(alice);
    expect(rotated).not.toBe(token);
    expect(await (await get(`/badge/acme/server.svg?token=${token}`)).text()).toBe(unknown);
    expect(await (await get(`/badge/acme/server.json?token=${rotated}`)).json()).toMatchObject({ message: expect.stringMatching(/ · /) });
  });

  it("lets only its admins rotate the badge token, and hides it from everyone else", async () => {
    const postAs = (cookie: string) =>
      fetch(`${harness.baseUrl}/r/acme/server/badge-token`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie, origin: harness.baseUrl, "sec-fetch-site": "same-origin" },
      });
    expect((await postAs(await signInAs(harness.baseUrl, "bob"))).status).toBe(403);
    expect((await postAs(await signInAs(harness.baseUrl, "mallory"))).status).toBe(404);
    expect((await postAs("lastcall_session=made-up")).status).toBe(404);
    // Never by a link: a GET cannot rotate it.
    expect((await get("/r/acme/server/badge-token", await signInAs(harness.baseUrl, "alice"))).status).toBe(405);
  });
});

/** Rotates the badge token as a same-origin form POST would, and reads the new one from the repository page. */
async function rotate(session: string): Promise<string> {
  const response = await fetch(`${harness.baseUrl}/r/acme/server/badge-token`, {
    method: "POST",
    redirect: "manual",
    headers: {
      cookie: session,
      origin: harness.baseUrl,
      "sec-fetch-site": "same-origin",
      "content-type": "application/x-www-form-urlencoded",
    },
  });
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toBe(`${harness.baseUrl}/r/acme/server#badge`);
  const page = await (await get("/r/acme/server", session)).text();
  const token = /\/badge\/acme\/server\.svg\?token=([\w-]+)/.exec(page)?.[1];
  expect(token).toBeDefined();
  return token ?? "";
}

describe("sessions", () => {
  it("are HTTP-only, same-site cookies, not Secure over plain http on localhost", async () => {
    const start = await fetch(`${harness.baseUrl}/auth/signin`, { redirect: "manual" });
    const pending = start.headers.getSetCookie()[0] ?? "";
    expect(pending).toMatch(/^lastcall_sign_in=[\w-]+\.[\w-]*; Path=\/auth; Max-Age=600; HttpOnly; SameSite=Lax$/);
    const authorize = new URL(start.headers.get("location") ?? "");
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${harness.baseUrl}/auth/callback`);
    expect(pending).toContain(authorize.searchParams.get("state"));

    const consent = new URL(authorize);
    consent.searchParams.set("login", "bob");
    const callback = (await fetch(consent, { redirect: "manual" })).headers.get("location") ?? "";
    const finished = await fetch(callback, { redirect: "manual", headers: { cookie: pending.split(";")[0] ?? "" } });
    const session = finished.headers.getSetCookie().find((cookie) => cookie.startsWith("lastcall_session="));
    expect(session).toMatch(/^lastcall_session=[\w-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    // The session ends with the GitHub token it holds (the fake's user tokens last eight hours).
    expect(Number(/Max-Age=(\d+)/.exec(session ?? "")?.[1])).toBeLessThanOrEqual(8 * 60 * 60);
  });

  it("are Secure when the site is served over https", async () => {
    const start = await fetch(`${harness.baseUrl}/auth/signin`, { redirect: "manual", headers: { "x-forwarded-proto": "https" } });
    expect(start.headers.getSetCookie()[0]).toMatch(/; Secure$/);
  });

  it("start only from a sign-in this browser began: the OAuth state is checked", async () => {
    const start = await fetch(`${harness.baseUrl}/auth/signin`, { redirect: "manual" });
    const consent = new URL(start.headers.get("location") ?? "");
    consent.searchParams.set("login", "alice");
    const callback = (await fetch(consent, { redirect: "manual" })).headers.get("location") ?? "";
    // An attacker's own code and state, replayed into a victim's browser (login CSRF), or a forged state.
    const withoutCookie = await fetch(callback, { redirect: "manual" });
    expect(withoutCookie.status).toBe(400);
    expect(await withoutCookie.json()).toMatchObject({ error: { code: "invalid_state" } });
    const otherBrowser = await fetch(`${harness.baseUrl}/auth/signin`, { redirect: "manual" });
    const wrongState = await fetch(callback, {
      redirect: "manual",
      headers: { cookie: setCookie(otherBrowser, "lastcall_sign_in") ?? "" },
    });
    expect(wrongState.status).toBe(400);
    expect(wrongState.headers.getSetCookie().some((cookie) => cookie.startsWith("lastcall_session="))).toBe(false);
  });

  it("return to a page of this site only", async () => {
    const evil = await fetch(`${harness.baseUrl}/auth/signin?next=https://evil.example/`, { redirect: "manual" });
    const back = (await fetch(`${harness.baseUrl}/auth/signin?next=/r/acme/server`, { redirect: "manual" })).headers.getSetCookie()[0];
    const pending = (evil.headers.getSetCookie()[0] ?? "").split(";")[0]?.split(".")[1] ?? "";
    expect(Buffer.from(pending, "base64url").toString()).toBe("/");
    expect(Buffer.from(back?.split(";")[0]?.split(".")[1] ?? "", "base64url").toString()).toBe("/r/acme/server");
  });

  it("refuse a cross-site POST that carries the session (CSRF): no sign-out, no rotation", async () => {
    const alice = await signInAs(harness.baseUrl, "alice");
    const before = await harness.db.repository.findFirstOrThrow({ where: { ownerKey: "acme", nameKey: "server" } });
    const attempts: Array<Record<string, string>> = [
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      { origin: "https://evil.example" },
      { "sec-fetch-site": "same-site" },
      {},
    ];
    for (const headers of attempts) {
      for (const path of ["/auth/signout", "/r/acme/server/badge-token"]) {
        const response = await fetch(`${harness.baseUrl}${path}`, {
          method: "POST",
          redirect: "manual",
          headers: { ...headers, cookie: alice },
        });
        expect({ path, headers, status: response.status }).toEqual({ path, headers, status: 403 });
        expect(await response.json()).toMatchObject({ error: { code: "cross_site_request" } });
      }
    }
    const after = await harness.db.repository.findFirstOrThrow({ where: { ownerKey: "acme", nameKey: "server" } });
    expect(after.badgeToken).toBe(before.badgeToken);
    expect((await get("/api/v1/repos/acme/server", alice)).status).toBe(200);
  });

  it("end on sign-out, and the cookie is cleared", async () => {
    const bob = await signInAs(harness.baseUrl, "bob");
    const out = await fetch(`${harness.baseUrl}/auth/signout`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: bob, origin: harness.baseUrl, "sec-fetch-site": "same-origin" },
    });
    expect(out.status).toBe(303);
    expect(out.headers.getSetCookie()).toContainEqual(
      expect.stringMatching(/^lastcall_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax/),
    );
    expect((await get("/api/v1/repos/acme/server", bob)).status).toBe(404);
  });

  it("end when GitHub no longer accepts the user's token", async () => {
    await upsertRepository(harness.db, { host: new URL(harness.git.url).host, owner: "acme", name: "other", private: true });
    const alice = await signInAs(harness.baseUrl, "alice");
    expect((await get("/api/v1/repos/acme/other", alice)).status).toBe(200);
    github.revokeUserToken(github.userTokens.findLast((issued) => issued.login === "alice")?.token ?? "");
    // A repository not asked about yet: GitHub answers 401, and the session is over everywhere.
    await harness.db.repositoryAccess.deleteMany({ where: { repository: { nameKey: "other" } } });
    expect((await get("/api/v1/repos/acme/other", alice)).status).toBe(404);
    expect((await get("/api/v1/repos/acme/server", alice)).status).toBe(404);
    expect(await (await get("/", alice)).text()).toContain("Sign in");
  });

  it("never store the session secret or the GitHub token in the clear", async () => {
    const session = await signInAs(harness.baseUrl, "bob");
    const secret = session.split("=")[1] ?? "";
    const rows = JSON.stringify(await harness.db.session.findMany());
    expect(rows).not.toContain(secret);
    for (const { token } of github.userTokens) expect(rows).not.toContain(token);
    expect(harness.output()).not.toMatch(/ghu_|lastcall_session=/);
  });
});
