import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCheckRun, createDb, type Db, getScan, upsertInstallation, upsertRepository } from "@lastcall/db";
import { createTestDatabase } from "@lastcall/db/testing";
import { submitScan } from "@lastcall/jobs";
import {
  type FakeGithub,
  fixtureRepositoryFiles,
  type GitHttpServer,
  startFakeGithub,
  startGitHttpServer,
  withVaultLeaseRevoked,
} from "@lastcall/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheckRun } from "../src/check-run/run-check-run.js";
import { loadWorkerConfig, type WorkerConfig } from "../src/config.js";
import { InProcessScanQueue } from "../src/in-process-scan-queue.js";
import { createLogger } from "../src/logger.js";
import { prepareWorkDir } from "../src/work-dir.js";

const APP_ID = "4242";
const INSTALLATION_ID = 77;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let git: GitHttpServer;
let github: FakeGithub;
let workRoot: string;
let workerEnv: Record<string, string | undefined>;
let config: WorkerConfig;
let queue: InProcessScanQueue;
let repositoryId: string;
const log = createLogger("silent");

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  git = await startGitHttpServer();
  github = await startFakeGithub({
    appId: APP_ID,
    repositories: [
      { owner: "acme", name: "server" },
      { owner: "acme", name: "secret", private: true },
    ],
  });
  workRoot = await mkdtemp(join(tmpdir(), "lastcall-check-run-test-"));
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  workerEnv = {
    PATH: process.env.PATH,
    GITHUB_SERVER_URL: git.url,
    GITHUB_API_URL: github.url,
    GITHUB_APP_ID: APP_ID,
    GITHUB_APP_PRIVATE_KEY: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    GITHUB_WEBHOOK_SECRET: "a-webhook-secret-of-some-length",
    LASTCALL_PUBLIC_URL: "https://lastcall.example",
    LASTCALL_WORK_DIR: workRoot,
  };
  config = loadWorkerConfig(workerEnv);
  const { dir } = await prepareWorkDir(config.workDir);
  queue = new InProcessScanQueue({ db, config, logger: log, checkoutRoot: dir }, { concurrency: 2, drainMs: 1_000 });
  await upsertInstallation(db, { id: INSTALLATION_ID, accountLogin: "acme", accountType: "Organization" });
  repositoryId = (
    await upsertRepository(db, { host: new URL(git.url).host, owner: "acme", name: "server", installationId: INSTALLATION_ID })
  ).id;
});

afterAll(async () => {
  await queue?.close();
  await db?.$disconnect();
  await database?.drop();
  await git?.close();
  await github?.close();
  await rm(workRoot, { recursive: true, force: true });
});

async function scanned(commitSha: string): Promise<void> {
  const { scanId } = await submitScan(db, queue, {
    host: new URL(git.url).host,
    owner: "acme",
    name: "server",
    trigger: "pull_request",
    commitSha,
  });
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const scan = await getScan(db, scanId);
    if (scan?.status === "done" || scan?.status === "failed") return;
  }
  throw new Error(`scan of ${commitSha} did not finish`);
}

describe("runCheckRun", () => {
  it("creates the check run in progress while a scan is missing, then completes it: a new high finding fails it, annotated on the changed line", async () => {
    const files = await fixtureRepositoryFiles();
    const base = await git.commit("acme/server", { files: withVaultLeaseRevoked(files) });
    const head = await git.commit("acme/server", { files, branch: "feature" });
    github.setPullRequestFiles("acme", "server", 7, [
      {
        filename: "src/vault.ts",
        status: "modified",
        patch:
          '@@ -34,1 +34,1 @@\n-  const secret = await client.read("database/creds/admin");\n+  const secret = await client.read("database/creds/readonly");',
      },
    ]);
    const row = await createCheckRun(db, {
      repositoryId,
      installationId: INSTALLATION_ID,
      headSha: head,
      baseSha: base,
      baseRef: "main",
      pullRequestNumber: 7,
      status: "queued",
    });

    expect(await runCheckRun({ db, config, logger: log }, row.id, log)).toEqual({ outcome: "waiting" });
    const [created] = [...github.checkRuns.values()];
    expect(created).toMatchObject({ headSha: head, status: "in_progress", name: "Lastcall shutdown audit", externalId: row.id });

    await Promise.all([scanned(base), scanned(head)]);
    expect(await runCheckRun({ db, config, logger: log }, row.id, log)).toEqual({ outcome: "completed", conclusion: "failure" });
    const completed = github.checkRuns.get(created?.id ?? 0);
    expect(completed).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(completed?.output.title).toMatch(/^Score \d+ \([A-F]\) · −\d+ vs main$/);
    expect(completed?.output.summary).toContain("SD013");
    expect(completed?.detailsUrl).toMatch(/^https:\/\/lastcall\.example\/scans\/[0-9a-f-]{36}$/);
    expect(
      completed?.annotations.map((annotation) => [annotation.path, annotation.start_line, annotation.annotation_level]),
    ).toContainEqual(["src/vault.ts", 34, "failure"]);
    // Nothing outside the pull request's changed lines is annotated.
    expect(completed?.annotations.every((annotation) => annotation.path === "src/vault.ts")).toBe(true);
    expect(await db.checkRun.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "completed", conclusion: "failure" });
  });

  it("completes the check as neutral with the reason when the head scan failed", async () => {
    const row = await createCheckRun(db, {
      repositoryId,
      installationId: INSTALLATION_ID,
      headSha: "f".repeat(40),
      pullRequestNumber: 8,
      status: "queued",
    });
    await scanned("f".repeat(40));
    expect(await runCheckRun({ db, config, logger: log }, row.id, log)).toEqual({ outcome: "completed", conclusion: "neutral" });
    const run = [...github.checkRuns.values()].find((candidate) => candidate.externalId === row.id);
    expect(run).toMatchObject({ status: "completed", conclusion: "neutral", output: { title: "Scan failed" } });
    expect(run?.output.summary).toContain("does not exist");
  });

  it("fetches a private repository with an installation token the worker obtained itself", async () => {
    const privateGit = await startGitHttpServer({
      acceptToken: (token) => github.installationTokens.some((issued) => issued.token === token),
    });
    try {
      const privateConfig = loadWorkerConfig({ ...workerEnv, GITHUB_SERVER_URL: privateGit.url });
      const { dir } = await prepareWorkDir(privateConfig.workDir);
      const privateQueue = new InProcessScanQueue(
        { db, config: privateConfig, logger: log, checkoutRoot: dir },
        { concurrency: 1, drainMs: 1_000 },
      );
      const commit = await privateGit.commit("acme/secret", { files: await fixtureRepositoryFiles() });
      const host = new URL(privateGit.url).host;
      await upsertRepository(db, { host, owner: "acme", name: "secret", private: true, installationId: INSTALLATION_ID });
      const { scanId } = await submitScan(db, privateQueue, { host, owner: "acme", name: "secret", trigger: "push", commitSha: commit });
      let scan = await getScan(db, scanId);
      for (const deadline = Date.now() + 60_000; scan?.status !== "done" && scan?.status !== "failed" && Date.now() < deadline; ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        scan = await getScan(db, scanId);
      }
      expect({ status: scan?.status, error: scan?.errorMessage }).toEqual({ status: "done", error: null });
      // Asked for read access to this one repository only.
      expect(github.installationTokens.at(-1)).toMatchObject({ installationId: INSTALLATION_ID, repositories: ["secret"] });
      await privateQueue.close();
    } finally {
      await privateGit.close();
    }
  });

  it("skips a check whose installation was removed", async () => {
    await upsertInstallation(db, { id: 78, accountLogin: "gone", accountType: "User" });
    const other = await upsertRepository(db, { host: new URL(git.url).host, owner: "gone", name: "server", installationId: 78 });
    await db.installation.update({ where: { id: 78 }, data: { deletedAt: new Date() } });
    const row = await createCheckRun(db, {
      repositoryId: other.id,
      installationId: 78,
      headSha: "e".repeat(40),
      pullRequestNumber: 1,
      status: "queued",
    });
    const before = github.requests.length;
    expect(await runCheckRun({ db, config, logger: log }, row.id, log)).toEqual({ outcome: "skipped" });
    expect(github.requests.length).toBe(before);
  });
});
