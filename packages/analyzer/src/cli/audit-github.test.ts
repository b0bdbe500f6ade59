import { readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type GitHttpServer, startGitHttpServer } from "@lastcall/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Report } from "../report.js";
import { CARELESS_STDIO_SERVER } from "../test-support/fixture-projects.js";
import { type CaptureOptions, runCliCaptured } from "../test-support/run-cli-captured.js";

let server: GitHttpServer;
let tempRoot: string;
let cwd: string;
const shas: Record<string, string> = {};

beforeAll(async () => {
  server = await startGitHttpServer();
  shas.tiny = await server.commit("acme/tiny", { files: CARELESS_STDIO_SERVER });
  shas.monorepoFirst = await server.commit("acme/monorepo", {
    files: Object.fromEntries(Object.entries(CARELESS_STDIO_SERVER).map(([path, content]) => [`packages/server/${path}`, content])),
  });
  shas.monorepoLatest = await server.commit("acme/monorepo", { files: { "README.md": "# monorepo\n" } });
  cwd = await mkdtemp(join(tmpdir(), "lastcall-cwd-"));
});

afterAll(async () => {
  await server.close();
  await rm(cwd, { recursive: true, force: true });
});

beforeEach(async () => {
  tempRoot = await mkdtemp(join(tmpdir(), "lastcall-clones-"));
  return () => rm(tempRoot, { recursive: true, force: true });
});

function against(git: GitHttpServer, extra: CaptureOptions = {}): CaptureOptions {
  return { cwd, env: { PATH: process.env.PATH, GITHUB_SERVER_URL: git.url, TMPDIR: tempRoot }, ...extra };
}

describe("lastcall audit <url>", () => {
  it("clones the repository, reports its URL and commit, and removes the clone", async () => {
    const run = await runCliCaptured(["audit", `${server.url}/acme/tiny`, "--format", "json"], against(server));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.target).toEqual({ path: `${server.url}/acme/tiny`, commit: shas.tiny });
    expect(report.scored).toBe(true);
    expect(report.findings.map((finding) => finding.file)).toContain("src/index.ts");
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  it("accepts the OWNER/REPO shorthand and a .git suffix", async () => {
    for (const target of ["acme/tiny", `${server.url}/acme/tiny.git`]) {
      const run = await runCliCaptured(["audit", target, "--format", "json"], against(server));
      expect(run.code).toBe(0);
      expect((JSON.parse(run.stdout) as Report).target).toEqual({ path: `${server.url}/acme/tiny`, commit: shas.tiny });
    }
  });

  it("audits a subdirectory at a given commit", async () => {
    const url = `${server.url}/acme/monorepo/tree/${shas.monorepoFirst}/packages/server`;
    const run = await runCliCaptured(["audit", url, "--format", "json"], against(server));
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.target).toEqual({ path: url, commit: shas.monorepoFirst });
    expect(report.findings.map((finding) => finding.file)).toContain("src/index.ts");
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  it("shows the cloning step on a terminal", async () => {
    const run = await runCliCaptured(["audit", "acme/tiny"], against(server, { stderrIsTTY: true }));
    expect(run.stderr).toContain(`cloning ${server.url}/acme/tiny`);
    expect(run.stdout).toContain(`Target: ${server.url}/acme/tiny @ ${shas.tiny?.slice(0, 12)}`);
  });

  it("exits 1 below --fail-under and still removes the clone", async () => {
    const run = await runCliCaptured(["audit", "acme/tiny", "--fail-under", "100"], against(server));
    expect(run.code).toBe(1);
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  it.each([
    [
      "a missing repository",
      "acme/missing",
      /^lastcall: the repository http:\/\/127\.0\.0\.1:\d+\/acme\/missing does not exist or is not accessible$/,
    ],
    ["a missing branch", "/acme/tiny/tree/nope", /^lastcall: the ref nope does not exist in http:\/\/127\.0\.0\.1:\d+\/acme\/tiny$/],
    ["a missing subdirectory", "/acme/tiny/tree/main/nope", /^lastcall: the repository has no directory nope$/],
  ])("exits 2 on %s with one line and removes the clone", async (_name, target, message) => {
    const run = await runCliCaptured(["audit", target.startsWith("/") ? `${server.url}${target}` : target], against(server));
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr.trimEnd()).toMatch(message);
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  it("never contacts a server that is not the configured one", async () => {
    const before = server.requests.length;
    const otherPort = await runCliCaptured(["audit", `http://127.0.0.1:1/acme/tiny`], against(server));
    expect(otherPort.code).toBe(2);
    expect(otherPort.stderr).toMatch(/^lastcall: cannot audit http:\/\/127\.0\.0\.1:1\/acme\/tiny: port 1 is not accepted/);
    const defaultServer = await runCliCaptured(["audit", `${server.url}/acme/tiny`], {
      cwd,
      env: { PATH: process.env.PATH, TMPDIR: tempRoot },
    });
    expect(defaultServer.code).toBe(2);
    expect(defaultServer.stderr).toMatch(/^lastcall: cannot audit .+: only https:\/\/ URLs are accepted, not http:\n$/);
    expect(server.requests.length).toBe(before);
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  describe("interrupted while cloning", () => {
    let slow: GitHttpServer;
    beforeAll(async () => {
      slow = await startGitHttpServer({ responseDelayMs: 30_000 });
      await slow.commit("acme/slow", { files: CARELESS_STDIO_SERVER });
    });
    afterAll(() => slow.close());

    it("kills git, removes the clone and exits with the signal's code", async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort("SIGINT"), 300);
      const started = Date.now();
      const run = await runCliCaptured(["audit", "acme/slow"], against(slow, { signal: controller.signal }));
      expect(run.code).toBe(130);
      expect(run.stderr).toBe("lastcall: interrupted by SIGINT\n");
      expect(Date.now() - started).toBeLessThan(5000);
      expect(readdirSync(tempRoot)).toEqual([]);
    });
  });
});
