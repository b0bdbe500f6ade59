import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, type Db, getScan } from "@lastcall/db";
import { createTestDatabase } from "@lastcall/db/testing";
import { type RepositoryRef, submitScan } from "@lastcall/jobs";
import { fixtureRepositoryFiles, type GitHttpServer, startGitHttpServer } from "@lastcall/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadWorkerConfig } from "../src/config.js";
import { InProcessScanQueue } from "../src/in-process-scan-queue.js";
import { createLogger } from "../src/logger.js";
import { prepareWorkDir } from "../src/work-dir.js";
import { isFinished } from "./support/pipeline-harness.js";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let git: GitHttpServer;
let slowGit: GitHttpServer;
let workRoot: string;
let files: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  git = await startGitHttpServer();
  slowGit = await startGitHttpServer({ responseDelayMs: 800 });
  workRoot = await mkdtemp(join(tmpdir(), "lastcall-in-process-test-"));
  files = await fixtureRepositoryFiles();
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
  await git?.close();
  await slowGit?.close();
  await rm(workRoot, { recursive: true, force: true });
});

async function startQueue(server: GitHttpServer, drainMs = 5_000, onScanStored?: (repository: RepositoryRef) => void) {
  const config = loadWorkerConfig({
    PATH: process.env.PATH,
    GITHUB_SERVER_URL: server.url,
    LASTCALL_WORK_DIR: workRoot,
    LOG_LEVEL: "silent",
  });
  const { dir } = await prepareWorkDir(config.workDir);
  return new InProcessScanQueue(
    { db, config, logger: createLogger("silent"), checkoutRoot: dir, onScanStored },
    { concurrency: 2, drainMs },
  );
}

async function waitForScan(scanId: string, until: (status: string) => boolean) {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const scan = await getScan(db, scanId);
    if (scan !== null && until(scan.status)) return scan;
  }
  throw new Error(`scan ${scanId} did not get there`);
}

describe("InProcessScanQueue (single-node mode, no Redis)", () => {
  it("runs submitted scans through the same pipeline, once per identical submission, and says when one is stored", async () => {
    const stored: RepositoryRef[] = [];
    const queue = await startQueue(git, 5_000, (repository) => stored.push(repository));
    await git.commit("acme/local", { files });
    const host = new URL(git.url).host;
    const submissions = await Promise.all(
      Array.from({ length: 5 }, () => submitScan(db, queue, { host, owner: "acme", name: "local", trigger: "url" })),
    );
    expect(new Set(submissions.map((submission) => submission.scanId)).size).toBe(1);
    expect(queue.size).toBe(1);
    const scan = await waitForScan(submissions[0]?.scanId ?? "", (status) => isFinished({ status }));
    expect(scan).toMatchObject({ status: "done", isDefaultBranch: true });
    expect(scan.score).toEqual(expect.any(Number));
    await queue.close();
    expect(stored).toEqual([expect.objectContaining({ host, owner: "acme", name: "local" })]);
  });

  it("hands a running scan back on close and resumes it, with a queued one, on the next start", async () => {
    const first = await startQueue(slowGit, 100);
    await slowGit.commit("acme/resumed", { files });
    await slowGit.commit("acme/waiting", { files });
    const host = new URL(slowGit.url).host;
    const running = await submitScan(db, first, { host, owner: "acme", name: "resumed", trigger: "url" });
    await waitForScan(running.scanId, (status) => status === "fetching");
    await first.close();
    expect((await getScan(db, running.scanId))?.status).toBe("queued");
    // Submitted while the queue is closed: recorded, not run.
    const waiting = await submitScan(db, first, { host, owner: "acme", name: "waiting", trigger: "url" });

    const second = await startQueue(slowGit);
    expect(await second.resumeUnfinished()).toBe(2);
    expect(await waitForScan(running.scanId, (status) => isFinished({ status }))).toMatchObject({ status: "done" });
    expect(await waitForScan(waiting.scanId, (status) => isFinished({ status }))).toMatchObject({ status: "done" });
    await second.close();
  });
});
