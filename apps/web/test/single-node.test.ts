import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixtureRepositoryFiles, type GitHttpServer, startGitHttpServer } from "@lastcall/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSingleNodeHarness } from "./support/web-harness.js";

let git: GitHttpServer;
let dataRoot: string;
let files: Record<string, string>;

beforeAll(async () => {
  // Slow enough that a scan is reliably caught running.
  git = await startGitHttpServer({ responseDelayMs: 400 });
  dataRoot = await mkdtemp(join(tmpdir(), "lastcall-single-node-test-"));
  files = await fixtureRepositoryFiles();
});

afterAll(async () => {
  await git?.close();
  await rm(dataRoot, { recursive: true, force: true });
});

async function submit(baseUrl: string, url: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/scans`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url }),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

async function scanState(baseUrl: string, id: string): Promise<{ status: string; stage: string; score?: number }> {
  return (await fetch(`${baseUrl}/api/v1/scans/${id}`)).json() as Promise<{ status: string; stage: string; score?: number }>;
}

async function waitFor(baseUrl: string, id: string, until: (state: { status: string; stage: string }) => boolean) {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 150))) {
    const state = await scanState(baseUrl, id);
    if (until(state)) return state;
  }
  throw new Error(`scan ${id} did not get there`);
}

describe("single-node mode (no DATABASE_URL, no REDIS_URL)", () => {
  it("starts from an empty data directory and serves the site with the embedded database", async () => {
    const app = await startSingleNodeHarness({ gitServer: git, dataDir: join(dataRoot, "fresh") });
    try {
      const home = await fetch(app.baseUrl);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain("Lastcall");
      expect(await (await fetch(`${app.baseUrl}/readyz`)).json()).toEqual({
        status: "ready",
        checks: { database: "ok", redis: "not_used" },
      });
      expect(app.output()).toContain('"mode":"single-node"');
    } finally {
      await app.close();
    }
  });

  it("SIGKILL with one scan running and one queued → after a restart both complete exactly once", async () => {
    const dataDir = join(dataRoot, "killed");
    await git.commit("acme/first", { files });
    await git.commit("acme/second", { files });
    const before = await startSingleNodeHarness({ gitServer: git, dataDir });
    const running = await submit(before.baseUrl, `${git.url}/acme/first`);
    const queued = await submit(before.baseUrl, `${git.url}/acme/second`);
    await waitFor(before.baseUrl, running, (state) => state.status === "running");
    expect((await scanState(before.baseUrl, queued)).status).toBe("queued");
    before.process.kill("SIGKILL");
    await once(before.process, "exit");
    await before.close();

    const after = await startSingleNodeHarness({ gitServer: git, dataDir });
    try {
      expect(after.output()).toContain("resumed scans left by the previous process");
      for (const id of [running, queued]) {
        expect(await waitFor(after.baseUrl, id, (state) => state.status === "done" || state.status === "failed")).toMatchObject({
          status: "done",
          score: expect.any(Number),
        });
      }
      for (const repo of ["first", "second"]) {
        const history = (await (await fetch(`${after.baseUrl}/api/v1/repos/acme/${repo}/history`)).json()) as { points: unknown[] };
        expect(history.points).toHaveLength(1);
      }
    } finally {
      await after.close();
    }
    // Closed cleanly: the lock beside the data directory is gone, so the next start takes it at once.
    await expect(readFile(`${join(dataDir, "pgdata")}.lock`, "utf8")).rejects.toThrow();
  });
});
