import { ANALYZER_VERSION, RULESET_VERSION } from "@lastcall/analyzer";
import { attachScanCommit, requestRefScan } from "@lastcall/db";
import { fixtureRepositoryFiles } from "@lastcall/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, postScan, readEvents, waitForScan } from "./support/api-client.js";
import { startWebHarness, type WebHarness } from "./support/web-harness.js";

let harness: WebHarness;
let files: Record<string, string>;
let firstCommit: string;
let firstScanId: string;

beforeAll(async () => {
  // Far above what this file sends, so that only the rate-limit tests meet the limits.
  harness = await startWebHarness({
    env: { LASTCALL_RATE_LIMIT_SUBMISSIONS_PER_MINUTE: "1000", LASTCALL_RATE_LIMIT_API_PER_MINUTE: "10000" },
  });
  files = await fixtureRepositoryFiles();
  firstCommit = await harness.git.commit("acme/server", { files });
});

afterAll(async () => {
  await harness?.close();
});

type Finding = { ruleId: string; file: string; line: number; column: number; message: string };

describe("POST /api/v1/scans → GET /api/v1/scans/<id>", () => {
  it("queues a scan (202), then answers with the report once it is done", async () => {
    const submitted = await postScan(harness.baseUrl, { url: `${harness.git.url}/acme/server` });
    expect(submitted.status).toBe(202);
    const id = String(submitted.body.id);
    expect(submitted.body).toEqual({ id, status: "queued", url: `/scans/${id}`, created: true });
    expect(submitted.headers.get("location")).toBe(`/api/v1/scans/${id}`);
    firstScanId = id;

    const scan = await waitForScan(harness.baseUrl, id);
    expect(scan).toMatchObject({
      id,
      repository: { owner: "acme", name: "server", url: `${harness.git.url}/acme/server` },
      commit: firstCommit,
      ref: "main",
      status: "done",
      stage: "done",
      reportUrl: `/scans/${id}`,
      sarifUrl: `/api/v1/scans/${id}/sarif`,
      scored: true,
      score: expect.any(Number),
      grade: expect.stringMatching(/^[ABCDF]$/),
      coverage: expect.any(Number),
      finishedAt: expect.any(String),
    });
    expect(scan).not.toHaveProperty("error");
    expect(scan).not.toHaveProperty("duplicateOf");
    const progress = scan.progress as { filesDone: number; filesTotal: number };
    expect(progress.filesTotal).toBeGreaterThan(0);
    expect(progress.filesDone).toBe(progress.filesTotal);
    const findings = scan.findings as Finding[];
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(finding).toMatchObject({
        ruleId: expect.stringMatching(/^SD\d{3}$/),
        file: expect.stringMatching(/^src\//),
        line: expect.any(Number),
      });
    }
    expect(findings.map((finding) => finding.ruleId)).toContain("SD013");
    expect((scan.rules as unknown[]).length).toBeGreaterThan(0);
    expect((scan.categories as unknown[]).length).toBeGreaterThan(0);
    expect(scan.gates).toEqual([expect.objectContaining({ id: "high-finding" })]);
  });

  it("answers a submission of a commit scanned already with that scan (200), however the URL names it", async () => {
    for (const body of [
      { url: "acme/server" },
      { url: `${harness.git.url}/acme/server/tree/main/src` },
      { url: `${harness.git.url}/acme/server.git` },
      { url: "acme/server", ref: firstCommit },
      { url: `${harness.git.url}/acme/server/tree/does-not-exist`, ref: "main" },
    ]) {
      const again = await postScan(harness.baseUrl, body);
      expect({ body, status: again.status, response: again.body }).toEqual({
        body,
        status: 200,
        response: { id: firstScanId, status: "done", url: `/scans/${firstScanId}`, created: false },
      });
    }
  });

  it("resolves identical submissions that arrive together with one git ls-remote, and queues one scan", async () => {
    await harness.git.commit("acme/burst", { files });
    const refAdvertisements = () => harness.git.requests.filter((line) => /^GET \/acme\/burst(\.git)?\/info\/refs/.test(line)).length;
    const submissions = await Promise.all(Array.from({ length: 20 }, () => postScan(harness.baseUrl, { url: "acme/burst" })));
    expect(new Set(submissions.map((submission) => submission.body.id)).size).toBe(1);
    expect(submissions.filter((submission) => submission.status === 202)).toHaveLength(1);
    await waitForScan(harness.baseUrl, String(submissions[0]?.body.id));
    // One for the submissions (two if the first had answered before the last arrived), one for the worker's fetch; unshared, 21.
    expect(refAdvertisements()).toBeLessThanOrEqual(3);
  });
});

describe("a scan that turned out to be a commit scanned already", () => {
  it("answers with that scan's state and results, under the id asked for, naming it in duplicateOf", async () => {
    // What the worker does with a ref scan whose commit it finds scanned (the web app resolves refs
    // itself, so only a submission it could not resolve in time becomes one).
    const repository = await harness.db.repository.findFirstOrThrow({ where: { owner: "acme", name: "server" } });
    const { scan: pointer } = await requestRefScan(harness.db, {
      repositoryId: repository.id,
      ref: "v-pointer",
      trigger: "url",
      analyzerVersion: ANALYZER_VERSION,
      rulesetVersion: RULESET_VERSION,
    });
    await attachScanCommit(harness.db, pointer.id, { commitSha: firstCommit, isDefaultBranch: false });

    const scan = await getJson(harness.baseUrl, `/api/v1/scans/${pointer.id.toUpperCase()}`);
    expect(scan.status).toBe(200);
    expect(scan.body).toMatchObject({
      id: pointer.id,
      duplicateOf: firstScanId,
      commit: firstCommit,
      status: "done",
      score: expect.any(Number),
      reportUrl: `/scans/${firstScanId}`,
      sarifUrl: `/api/v1/scans/${firstScanId}/sarif`,
    });
    const events = await readEvents(await fetch(`${harness.baseUrl}/api/v1/scans/${pointer.id}/events`));
    expect(events.map((event) => JSON.parse(event.data))).toEqual([
      expect.objectContaining({ id: pointer.id, duplicateOf: firstScanId, status: "done" }),
    ]);
    expect((await fetch(`${harness.baseUrl}/api/v1/scans/${pointer.id}/sarif`)).status).toBe(200);
  });
});

describe("POST /api/v1/scans refuses", () => {
  it("URLs that are not a repository on the configured server, saying why (400 invalid_url)", async () => {
    const server = new URL(harness.git.url);
    const cases: Array<[string, RegExp]> = [
      [`http://user:secret@${server.host}/acme/server`, /credentials/],
      ["https://example.com/acme/server", /only http:\/\/ URLs|only repositories on 127\.0\.0\.1/],
      [`http://example.com:${server.port}/acme/server`, /only repositories on 127\.0\.0\.1 are accepted, not example\.com/],
      ["file:///etc/passwd", /not file:/],
      ["ext::sh%20-c%20id", /remote-helper syntax \(ext::…\)/],
      ["-uevil/server", /must not start with "-"/],
      ["acme/--upload-pack=touch", /must not start with "-"/],
      [`${harness.git.url}/acme/../etc/passwd`, /"\." or "\.\." segments/],
      ["acme/%2e%2e", /"\." or "\.\." segments/],
      ["git@github.com:acme/server.git", /ssh/],
      [`${harness.git.url}/acme/${"x".repeat(3000)}`, /longer than 2048/],
      ["acme/server with space", /whitespace/],
    ];
    for (const [url, reason] of cases) {
      const refused = await postScan(harness.baseUrl, { url });
      expect({ url, status: refused.status, code: (refused.body.error as { code: string })?.code }).toEqual({
        url,
        status: 400,
        code: "invalid_url",
      });
      expect((refused.body.error as { message: string }).message, url).toMatch(reason);
    }
  });

  it("a ref that is not a valid name (400 invalid_ref)", async () => {
    const refused = await postScan(harness.baseUrl, { url: "acme/server", ref: "--output=/tmp/x" });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ error: { code: "invalid_ref", message: expect.stringContaining('must not start with "-"') } });
  });

  it("a repository or ref that does not exist (422)", async () => {
    const noRepo = await postScan(harness.baseUrl, { url: "acme/missing" });
    expect(noRepo.status).toBe(422);
    expect(noRepo.body).toEqual({ error: { code: "repo_not_found", message: expect.any(String) } });
    const noRef = await postScan(harness.baseUrl, { url: "acme/server", ref: "no-such-branch" });
    expect(noRef.status).toBe(422);
    expect(noRef.body).toEqual({ error: { code: "ref_not_found", message: expect.stringContaining("no-such-branch") } });
  });

  it("bodies that are not the expected JSON (400, 413, 415)", async () => {
    const invalid = async (body: unknown, headers?: Record<string, string>) => {
      const response = await postScan(harness.baseUrl, body, headers);
      return { status: response.status, code: (response.body.error as { code: string }).code };
    };
    expect(await invalid({})).toEqual({ status: 400, code: "invalid_body" });
    expect(await invalid({ url: 42 })).toEqual({ status: 400, code: "invalid_body" });
    expect(await invalid({ url: "acme/server", branch: "main" })).toEqual({ status: 400, code: "invalid_body" });
    expect(await invalid("{not json")).toEqual({ status: 400, code: "invalid_body" });
    expect(await invalid({ url: "acme/server" }, { "content-type": "text/plain" })).toEqual({
      status: 415,
      code: "unsupported_media_type",
    });
    expect(await invalid({ url: "acme/server", ref: "x".repeat(20_000) })).toEqual({ status: 413, code: "payload_too_large" });
  });
});

describe("GET /api/v1/scans/<id>/events", () => {
  it("streams progress events while the scan runs, ending with done", async () => {
    const secondCommit = await harness.git.commit("acme/server", { files: { "src/extra.ts": "export const extra = 1;\n" } });
    const submitted = await postScan(harness.baseUrl, { url: "acme/server" });
    expect(submitted.status).toBe(202);
    const id = String(submitted.body.id);

    const response = await fetch(`${harness.baseUrl}/api/v1/scans/${id}/events`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    let statusWhenFirstEventArrived: unknown;
    const events = await readEvents(response, async () => {
      statusWhenFirstEventArrived ??= (await getJson(harness.baseUrl, `/api/v1/scans/${id}`)).body.status;
    });

    // The first event arrived while the scan was still under way: the stream is not buffered.
    expect(statusWhenFirstEventArrived).not.toBe("done");
    expect(events.every((event) => event.event === "progress")).toBe(true);
    const states = events.map((event) => JSON.parse(event.data) as Record<string, unknown>);
    expect(states.at(-1)).toMatchObject({ id, status: "done", stage: "done", commit: secondCommit, sarifUrl: `/api/v1/scans/${id}/sarif` });
    expect(states.at(-1)).not.toHaveProperty("findings");
    expect(new Set(states.map((state) => JSON.stringify(state))).size).toBe(states.length);
    for (const state of states) expect(["queued", "running", "done"]).toContain(state.status);
  });

  it("is a 404 in the error shape for an unknown scan", async () => {
    const response = await fetch(`${harness.baseUrl}/api/v1/scans/00000000-0000-4000-8000-000000000000/events`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
  });
});

describe("GET /api/v1/scans/<id>/sarif", () => {
  it("downloads the report as SARIF 2.1.0", async () => {
    const response = await fetch(`${harness.baseUrl}/api/v1/scans/${firstScanId}/sarif`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/sarif+json");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="lastcall-acme-server-${firstCommit.slice(0, 7)}.sarif"`,
    );
    const sarif = (await response.json()) as { version: string; runs: Array<{ results: unknown[] }> };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]?.results.length).toBeGreaterThan(0);
  });
});

describe("GET /api/v1/repos/<owner>/<repo>", () => {
  it("answers with the latest completed default-branch scan, and the history oldest to newest", async () => {
    const latest = await getJson(harness.baseUrl, "/api/v1/repos/ACME/Server");
    expect(latest.status).toBe(200);
    const history = await getJson<{ points: Array<Record<string, unknown>> }>(harness.baseUrl, "/api/v1/repos/acme/server/history");
    expect(history.status).toBe(200);
    const points = history.body.points;
    expect(points).toHaveLength(2);
    expect(points[0]).toEqual({
      scanId: firstScanId,
      commit: firstCommit,
      score: expect.any(Number),
      grade: expect.any(String),
      rulesetVersion: expect.any(String),
      finishedAt: expect.any(String),
    });
    const newest = points[1] as { scanId: string; commit: string };
    expect(Date.parse(String(points[0]?.finishedAt))).toBeLessThanOrEqual(Date.parse(String(points[1]?.finishedAt)));

    expect(latest.body).toMatchObject({
      repository: { owner: "acme", name: "server", url: `${harness.git.url}/acme/server`, defaultBranch: "main" },
      latestScan: { id: newest.scanId, commit: newest.commit, status: "done", score: expect.any(Number), findings: expect.any(Array) },
      historyUrl: "/api/v1/repos/acme/server/history",
      badge: { svg: "/badge/acme/server.svg", json: "/badge/acme/server.json" },
    });
    expect(newest.commit).not.toBe(firstCommit);

    const lastOne = await getJson<{ points: Array<{ scanId: string }> }>(harness.baseUrl, "/api/v1/repos/acme/server/history?limit=1");
    expect(lastOne.body.points.map((point) => point.scanId)).toEqual([newest.scanId]);
    expect((await getJson(harness.baseUrl, "/api/v1/repos/acme/server/history?limit=0")).status).toBe(400);
  });

  it("is a 404 for a repository never submitted, or a name no repository can have", async () => {
    for (const path of ["/api/v1/repos/acme/unknown", "/api/v1/repos/acme/unknown/history", "/api/v1/repos/%00/x", "/api/v1/repos/-x/y"]) {
      const response = await getJson(harness.baseUrl, path);
      expect({ path, status: response.status, body: response.body }).toEqual({
        path,
        status: 404,
        body: { error: { code: "not_found", message: expect.any(String) } },
      });
    }
  });
});

describe("errors", () => {
  it("are 404 JSON for malformed and unknown ids, and for unknown endpoints, never a 500", async () => {
    for (const path of [
      "/api/v1/scans/not-a-uuid",
      "/api/v1/scans/00000000-0000-4000-8000-000000000000",
      "/api/v1/scans/'%20OR%201=1--",
      "/api/v1/scans/not-a-uuid/sarif",
      "/api/v1/scans/not-a-uuid/events",
      "/api/v1/nothing-here",
    ]) {
      const response = await fetch(`${harness.baseUrl}${path}`);
      expect({ path, status: response.status, type: response.headers.get("content-type") }).toEqual({
        path,
        status: 404,
        type: expect.stringMatching(/^application\/json/),
      });
      expect(await response.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
    }
    expect(harness.output()).not.toContain("API request failed");
  });
});

describe("private repositories", () => {
  it("are not public: their scans and repository are 404, their badge the grey one", async () => {
    await harness.db.repository.updateMany({ where: { owner: "acme", name: "server" }, data: { private: true } });
    try {
      for (const path of [`/api/v1/scans/${firstScanId}`, `/api/v1/scans/${firstScanId}/sarif`, "/api/v1/repos/acme/server"]) {
        expect({ path, status: (await fetch(`${harness.baseUrl}${path}`)).status }).toEqual({ path, status: 404 });
      }
      expect(await (await fetch(`${harness.baseUrl}/badge/acme/server.json`)).json()).toMatchObject({ message: "not scanned" });
    } finally {
      await harness.db.repository.updateMany({ where: { owner: "acme", name: "server" }, data: { private: false } });
    }
  });
});

describe("/docs/api", () => {
  it("documents every endpoint", async () => {
    const response = await fetch(`${harness.baseUrl}/docs/api`);
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const endpoint of [
      "POST /api/v1/scans",
      "/api/v1/scans/&lt;id&gt;/events",
      "/api/v1/repos/&lt;owner&gt;/&lt;repo&gt;/history",
      "/badge/",
    ]) {
      expect(html).toContain(endpoint);
    }
  });
});
