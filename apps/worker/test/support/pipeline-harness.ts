import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, type Db, getScan } from "@lastcall/db";
import { createTestDatabase } from "@lastcall/db/testing";
import { createRedisConnection, createScanQueue, type ScanJobData, type ScanQueue, type ScanRequest, submitScan } from "@lastcall/jobs";
import { type GitHttpServer, type GitHttpServerOptions, startGitHttpServer } from "@lastcall/testkit";
import type { Job, JobType } from "bullmq";
import { loadWorkerConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { type RunningWorker, startScanWorker } from "../../src/start-worker.js";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

type Scan = NonNullable<Awaited<ReturnType<typeof getScan>>>;

export interface PipelineHarness {
  readonly db: Db;
  readonly queue: ScanQueue;
  readonly git: GitHttpServer;
  /** The worker environment: real PostgreSQL (a fresh database), real Redis (a fresh prefix), the local git server. */
  readonly env: Record<string, string>;
  readonly workDir: string;
  submit(request: Partial<ScanRequest> & { owner: string; name: string }): ReturnType<typeof submitScan>;
  startWorker(overrides?: Record<string, string>): Promise<RunningWorker>;
  waitForScan(scanId: string, until: (scan: Scan) => boolean, timeoutMs?: number): Promise<Scan>;
  /** The queue's jobs for one scan, in the given states. */
  jobsOf(scanId: string, ...states: JobType[]): Promise<Job<ScanJobData>[]>;
  /**
   * The scan's job once it is in `state`: the Scan row is settled before BullMQ moves the job, so a
   * test that saw the scan finish may still find its job active.
   */
  settledJobOf(scanId: string, state: "completed" | "failed", timeoutMs?: number): Promise<Job<ScanJobData>>;
  close(): Promise<void>;
}

export interface PipelineServices {
  /** A Redis of the test's own (a fault test stops and restarts it); the shared one by default. */
  redisUrl?: string;
}

export async function startPipelineHarness(
  gitOptions: GitHttpServerOptions = {},
  services: PipelineServices = {},
): Promise<PipelineHarness> {
  const redisUrl = services.redisUrl ?? REDIS_URL;
  const database = await createTestDatabase();
  const git = await startGitHttpServer(gitOptions);
  const workDir = await mkdtemp(join(tmpdir(), "lastcall-worker-test-"));
  const prefix = `{lastcall-t-${randomUUID().slice(0, 8)}}`;
  const env = {
    PATH: process.env.PATH ?? "",
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    GITHUB_SERVER_URL: git.url,
    LASTCALL_QUEUE_PREFIX: prefix,
    LASTCALL_WORK_DIR: workDir,
    LOG_LEVEL: process.env.LASTCALL_TEST_LOG_LEVEL ?? "silent",
  };
  const db = createDb(database.url);
  const producer = createRedisConnection(redisUrl, "producer");
  const queue = createScanQueue(producer, prefix);
  const workers: RunningWorker[] = [];
  const host = new URL(git.url).host;
  const jobsOf = async (scanId: string, ...states: JobType[]) => {
    const jobs = await queue.getJobs(states);
    return jobs.flatMap((job) => ("scanId" in job.data && job.data.scanId === scanId ? [job as Job<ScanJobData>] : []));
  };

  return {
    db,
    queue,
    git,
    env,
    workDir,
    submit: (request) => submitScan(db, queue, { host, trigger: "url", ...request }),
    async startWorker(overrides = {}) {
      const config = loadWorkerConfig({ ...env, ...overrides });
      const worker = await startScanWorker(config, createLogger(config.logLevel));
      workers.push(worker);
      return worker;
    },
    async waitForScan(scanId, until, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const scan = await getScan(db, scanId);
        if (scan !== null && until(scan)) return scan;
        if (Date.now() > deadline) throw new Error(`scan ${scanId} still ${scan?.status} after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    jobsOf,
    async settledJobOf(scanId, state, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [job] = await jobsOf(scanId, state);
        if (job !== undefined) return job;
        if (Date.now() > deadline) throw new Error(`the job of scan ${scanId} was not ${state} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await queue.obliterate({ force: true });
      await queue.close();
      await producer.quit();
      await db.$disconnect();
      await git.close();
      await database.drop();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

export const isFinished = (scan: { status: string }) => scan.status === "done" || scan.status === "failed";
