import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type GitHttpServer, startGitHttpServer } from "@lastcall/testkit";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../report.js";
import { CARELESS_STDIO_SERVER, createProject } from "../test-support/fixture-projects.js";
import { ANALYZER_VERSION } from "../version.js";

const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const mainJs = join(packageDir, "dist", "cli", "main.js");
const binJs = join(packageDir, "bin", "lastcall.js");
let project: string;

/** The built CLI, through the package's bin as `npx lastcall` runs it; built once here when missing. */
beforeAll(async () => {
  if (!existsSync(mainJs)) await execa("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: packageDir, reject: false });
  project = await createProject(CARELESS_STDIO_SERVER);
}, 180_000);

afterAll(() => rm(project, { recursive: true, force: true }));

function lastcall(args: string[], env: Record<string, string | undefined> = {}) {
  return execa(process.execPath, [binJs, ...args], { reject: false, extendEnv: false, env: { PATH: process.env.PATH, ...env } });
}

describe("the lastcall command (bin/lastcall.js → dist/cli/main.js)", () => {
  it("is the package's bin: an executable script outside dist, so npm links it before the first build", () => {
    const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { bin: Record<string, string> };
    expect(join(packageDir, manifest.bin.lastcall ?? "")).toBe(binJs);
    expect(readFileSync(binJs, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(statSync(binJs).mode & 0o111).not.toBe(0);
  });

  it("prints its version", async () => {
    const run = await lastcall(["--version"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.startsWith(ANALYZER_VERSION)).toBe(true);
  });

  it("audits a directory and applies --fail-under through the process exit code", async () => {
    const json = await lastcall(["audit", project, "--format", "json"]);
    expect(json.exitCode).toBe(0);
    expect((JSON.parse(json.stdout) as Report).target.path).toBe(project);
    const below = await lastcall(["audit", project, "--fail-under", "100"]);
    expect(below.exitCode).toBe(1);
    expect(below.stderr).toMatch(/^lastcall: score \d+ is below --fail-under 100$/);
    const missing = await lastcall(["audit", join(project, "missing")]);
    expect(missing.exitCode).toBe(2);
  });

  describe("on SIGINT or SIGTERM during a clone", () => {
    let slow: GitHttpServer;
    let tempRoot: string;
    beforeAll(async () => {
      slow = await startGitHttpServer({ responseDelayMs: 60_000 });
      await slow.commit("acme/slow", { files: CARELESS_STDIO_SERVER });
    });
    afterAll(() => slow.close());

    it.each([
      ["SIGINT", 130],
      ["SIGTERM", 143],
    ] as const)("on %s it removes the clone and exits with %i", async (signal, code) => {
      tempRoot = await mkdtemp(join(tmpdir(), "lastcall-main-"));
      const requestsBefore = slow.requests.length;
      const child = lastcall(["audit", "acme/slow"], { GITHUB_SERVER_URL: slow.url, TMPDIR: tempRoot });
      while (slow.requests.length === requestsBefore && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(readdirSync(tempRoot)).toHaveLength(1);
      const started = Date.now();
      child.kill(signal);
      const run = await child;
      expect(Date.now() - started).toBeLessThan(4000);
      expect(run.exitCode).toBe(code);
      expect(run.stderr).toBe(`lastcall: interrupted by ${signal}`);
      expect(readdirSync(tempRoot)).toEqual([]);
      await rm(tempRoot, { recursive: true, force: true });
    });
  });
});
