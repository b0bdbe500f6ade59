import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeGithub, startFakeGithub } from "./fake-github.js";

const SHA = "a".repeat(40);

/** An unsigned JWT with the claims GitHub reads; the fake checks claims, not signatures. */
function appJwt(claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return [encode({ alg: "RS256", typ: "JWT" }), encode({ iat: now - 30, exp: now + 540, iss: 42, ...claims }), "signature"].join(".");
}

describe("startFakeGithub", () => {
  let github: FakeGithub;
  let token: string;

  async function call(method: string, path: string, options: { body?: unknown; auth?: string } = {}) {
    const response = await fetch(`${github.url}${path}`, {
      method,
      headers: {
        accept: "application/vnd.github+json",
        ...(options.auth === undefined ? {} : { authorization: options.auth }),
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    github = await startFakeGithub({
      appId: 42,
      repositories: [
        { owner: "acme", name: "server" },
        { owner: "acme", name: "secret", private: true, defaultBranch: "trunk" },
      ],
    });
    const issued = await call("POST", "/app/installations/7/access_tokens", { auth: `Bearer ${appJwt()}` });
    token = String(issued.body.token);
  });
  afterAll(() => github.close());

  it("listens on loopback", () => {
    expect(github.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  describe("installation tokens", () => {
    it("hands out a token that expires in about an hour, for an app JWT", async () => {
      const { status, body } = await call("POST", "/app/installations/9/access_tokens", {
        auth: `bearer ${appJwt()}`,
        body: { permissions: { contents: "read" }, repositories: ["server"] },
      });
      expect(status).toBe(201);
      expect(body.token).toMatch(/^ghs_/);
      const expiresIn = Date.parse(String(body.expires_at)) - Date.now();
      expect(expiresIn).toBeGreaterThan(59 * 60 * 1000);
      expect(expiresIn).toBeLessThanOrEqual(60 * 60 * 1000);
      expect(body).toMatchObject({
        permissions: { contents: "read" },
        repository_selection: "selected",
        repositories: [{ name: "server" }],
      });
      expect(github.installationTokens.at(-1)).toMatchObject({ installationId: 9, token: body.token, repositories: ["server"] });
    });

    it("refuses a request without a JWT, with another app's JWT or with an expired one", async () => {
      expect((await call("POST", "/app/installations/7/access_tokens")).status).toBe(401);
      expect((await call("POST", "/app/installations/7/access_tokens", { auth: `token ${token}` })).status).toBe(401);
      expect((await call("POST", "/app/installations/7/access_tokens", { auth: `Bearer ${appJwt({ iss: 43 })}` })).status).toBe(401);
      const expired = appJwt({ exp: Math.floor(Date.now() / 1000) - 1 });
      expect((await call("POST", "/app/installations/7/access_tokens", { auth: `Bearer ${expired}` })).status).toBe(401);
      expect((await call("POST", "/app/installations/7/access_tokens", { auth: "Bearer not-a-jwt" })).status).toBe(401);
    });

    it("refuses repositories the installation cannot see", async () => {
      const { status } = await call("POST", "/app/installations/7/access_tokens", {
        auth: `Bearer ${appJwt()}`,
        body: { repositories: ["nope"] },
      });
      expect(status).toBe(422);
    });

    it("answers GET /app for the app", async () => {
      expect((await call("GET", "/app", { auth: `Bearer ${appJwt()}` })).body).toMatchObject({ id: 42 });
    });
  });

  describe("repositories", () => {
    it("describes known repositories, case-insensitively", async () => {
      const { status, body } = await call("GET", "/repos/ACME/Secret", { auth: `token ${token}` });
      expect(status).toBe(200);
      expect(body).toMatchObject({ full_name: "acme/secret", private: true, default_branch: "trunk" });
      expect((await call("GET", "/repos/acme/server", { auth: `token ${token}` })).body).toMatchObject({
        private: false,
        default_branch: "main",
      });
    });

    it("needs an installation token", async () => {
      expect((await call("GET", "/repos/acme/server")).status).toBe(401);
      expect((await call("GET", "/repos/acme/server", { auth: "token ghs_made_up" })).status).toBe(401);
      expect((await call("GET", "/repos/acme/server", { auth: `Bearer ${appJwt()}` })).status).toBe(401);
    });

    it("answers 404 like GitHub for unknown repositories and routes", async () => {
      const missing = await call("GET", "/repos/acme/missing", { auth: `token ${token}` });
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" });
      expect((await call("GET", "/repos/acme/server/issues", { auth: `token ${token}` })).status).toBe(404);
      expect((await call("GET", "/user")).status).toBe(404);
    });
  });

  describe("check runs", () => {
    const annotation = (line: number) => ({
      path: "src/a.ts",
      start_line: line,
      end_line: line,
      annotation_level: "warning",
      message: `m${line}`,
    });

    it("creates, updates, appends annotations and completes a run", async () => {
      const created = await call("POST", "/repos/acme/server/check-runs", {
        auth: `token ${token}`,
        body: {
          name: "Lastcall shutdown audit",
          head_sha: SHA,
          status: "in_progress",
          details_url: "https://lastcall.test/s/1",
          external_id: "scan-1",
        },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: "Lastcall shutdown audit", head_sha: SHA, status: "in_progress", conclusion: null });
      const id = Number(created.body.id);

      const completed = await call("PATCH", `/repos/acme/server/check-runs/${id}`, {
        auth: `token ${token}`,
        body: { conclusion: "failure", output: { title: "Score 40 (F)", summary: "s", annotations: [annotation(1), annotation(2)] } },
      });
      expect(completed.body).toMatchObject({
        status: "completed",
        conclusion: "failure",
        output: { title: "Score 40 (F)", annotations_count: 2 },
      });
      await call("PATCH", `/repos/acme/server/check-runs/${id}`, {
        auth: `token ${token}`,
        body: { output: { title: "Score 40 (F)", summary: "s", annotations: [annotation(3)] } },
      });

      const run = github.checkRuns.get(id);
      expect(run).toMatchObject({ owner: "acme", repo: "server", status: "completed", conclusion: "failure", externalId: "scan-1" });
      expect(run?.completedAt).toMatch(/Z$/);
      expect(run?.annotations.map((item) => item.start_line)).toEqual([1, 2, 3]);
      expect((await call("GET", `/repos/acme/server/check-runs/${id}`, { auth: `token ${token}` })).body).toMatchObject({
        id,
        conclusion: "failure",
      });
    });

    it("rejects what GitHub rejects, changing nothing", async () => {
      const auth = `token ${token}`;
      expect((await call("POST", "/repos/acme/server/check-runs", { auth, body: { name: "x", head_sha: "main" } })).status).toBe(422);
      expect((await call("POST", "/repos/acme/server/check-runs", { auth, body: { head_sha: SHA } })).status).toBe(422);
      const { body } = await call("POST", "/repos/acme/server/check-runs", { auth, body: { name: "x", head_sha: SHA } });
      const path = `/repos/acme/server/check-runs/${body.id}`;
      const tooMany = Array.from({ length: 51 }, (_, index) => annotation(index + 1));
      expect((await call("PATCH", path, { auth, body: { output: { title: "t", summary: "s", annotations: tooMany } } })).status).toBe(422);
      expect((await call("PATCH", path, { auth, body: { output: { title: "t" } } })).status).toBe(422);
      expect((await call("PATCH", path, { auth, body: { status: "completed" } })).status).toBe(422);
      expect((await call("PATCH", path, { auth, body: { conclusion: "great" } })).status).toBe(422);
      const badLevel = { ...annotation(1), annotation_level: "error" };
      expect((await call("PATCH", path, { auth, body: { output: { title: "t", summary: "s", annotations: [badLevel] } } })).status).toBe(
        422,
      );
      expect(github.checkRuns.get(Number(body.id))).toMatchObject({ status: "queued", conclusion: null, annotations: [] });
      expect((await call("PATCH", "/repos/acme/secret/check-runs/1", { auth, body: {} })).status).toBe(404);
      expect((await call("PATCH", "/repos/acme/server/check-runs/999", { auth, body: {} })).status).toBe(404);
    });

    it("answers 400 to a body that is not JSON", async () => {
      const response = await fetch(`${github.url}/repos/acme/server/check-runs`, {
        method: "POST",
        headers: { authorization: `token ${token}`, "content-type": "application/json" },
        body: "{",
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ message: "Problems parsing JSON" });
    });
  });

  describe("pull request files", () => {
    it("lists them page by page with Link headers", async () => {
      const files = Array.from({ length: 45 }, (_, index) => ({
        filename: `f${index}.ts`,
        status: "modified",
        patch: "@@ -1 +1 @@\n-a\n+b",
      }));
      github.setPullRequestFiles("acme", "server", 3, files);
      const first = await call("GET", "/repos/acme/server/pulls/3/files?per_page=20", { auth: `token ${token}` });
      expect(first.body).toHaveLength(20);
      const link = first.headers.get("link") ?? "";
      expect(link).toContain('rel="next"');
      const next = /<([^>]+)>; rel="next"/.exec(link)?.[1] ?? "";
      expect(new URL(next).searchParams.get("page")).toBe("2");
      const last = await call("GET", "/repos/acme/server/pulls/3/files?per_page=20&page=3", { auth: `token ${token}` });
      expect((last.body as unknown as Array<{ filename: string }>).map((file) => file.filename)).toEqual([
        "f40.ts",
        "f41.ts",
        "f42.ts",
        "f43.ts",
        "f44.ts",
      ]);
      expect(last.headers.get("link")).toBeNull();
      expect((await call("GET", "/repos/acme/server/pulls/4/files", { auth: `token ${token}` })).status).toBe(404);
    });
  });

  it("converts an App Manifest code once into an App with a private key and a webhook secret", async () => {
    const created = await call("POST", "/app-manifests/abc123/conversions");
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 42,
      html_url: `${github.url}/apps/lastcall`,
      webhook_secret: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(String(created.body.pem)).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    expect(github.manifestConversions).toEqual([
      { code: "abc123", appId: 42, pem: created.body.pem, webhookSecret: created.body.webhook_secret, htmlUrl: created.body.html_url },
    ]);
    expect((await call("POST", "/app-manifests/abc123/conversions")).status).toBe(404);
  });

  it("records every request with method, path, query, body and headers", () => {
    const request = github.requests.find(
      (item) => item.method === "GET" && item.path === "/repos/acme/server/pulls/3/files" && item.query.page === "3",
    );
    expect(request).toMatchObject({ query: { per_page: "20", page: "3" }, body: undefined });
    expect(request?.headers.authorization).toBe(`token ${token}`);
    const created = github.requests.find((item) => item.method === "POST" && item.path === "/repos/acme/server/check-runs");
    expect(created?.body).toMatchObject({ name: "Lastcall shutdown audit" });
  });

  it("closes idempotently", async () => {
    const other = await startFakeGithub();
    await Promise.all([other.close(), other.close()]);
    await expect(fetch(`${other.url}/app`)).rejects.toThrow();
  });
});
