import { request as httpRequest } from "node:http";
import { createRedisConnection, createScanQueue, type ScanQueue } from "@lastcall/jobs";
import { createLogger, loadWorkerConfig, startScanWorker } from "@lastcall/worker";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JsonResponse, postScan, waitForScan } from "./support/api-client.js";
import { startWebHarness, type WebHarness } from "./support/web-harness.js";

// Limits that keep one client or one repository from taking the service for itself. The per-client
// rate limits (429 with Retry-After) are in api-rate-limit.test.ts and api-route.test.ts; the body
// limits for a declared length in api.test.ts.

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const MAX_QUEUED = 3;

let harness: WebHarness;
let producer: Redis;
let queue: ScanQueue;

beforeAll(async () => {
  // No worker in the web process: submitted scans stay queued, so a repository's backlog stays full.
  harness = await startWebHarness({
    withWorker: false,
    // Names ignore case, as on GitHub.
    git: { caseInsensitive: true },
    env: {
      LASTCALL_MAX_QUEUED_SCANS_PER_REPOSITORY: String(MAX_QUEUED),
      LASTCALL_RATE_LIMIT_SUBMISSIONS_PER_MINUTE: "1000",
      LASTCALL_RATE_LIMIT_API_PER_MINUTE: "10000",
    },
  });
  producer = createRedisConnection(REDIS_URL, "producer");
  queue = createScanQueue(producer, harness.env.LASTCALL_QUEUE_PREFIX);
});

afterAll(async () => {
  await queue?.close();
  await producer?.quit();
  await harness?.close();
});

/** Every job the queue holds, whatever its state. */
async function jobCount(): Promise<number> {
  const counts = await queue.getJobCounts();
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

function errorOf(response: JsonResponse): { code: string; message: string } {
  return response.body.error as { code: string; message: string };
}

describe("rescans of an unchanged commit", () => {
  it("are answered from the stored scan: 200, the same id, no new job, nothing analyzed again", async () => {
    await harness.git.commit("acme/stored", { files: { "src/index.ts": 'process.on("SIGTERM", () => process.exit(0));\n' } });
    // A worker of the test's own runs this one scan to the end, then stops.
    const workerConfig = loadWorkerConfig({ ...harness.env, LOG_LEVEL: "silent" });
    const worker = await startScanWorker(workerConfig, createLogger(workerConfig.logLevel));
    const first = await postScan(harness.baseUrl, { url: "acme/stored" });
    expect(first.status).toBe(202);
    const id = String(first.body.id);
    expect(await waitForScan(harness.baseUrl, id)).toMatchObject({ status: "done" });
    await worker.close();
    const jobsBefore = await jobCount();

    for (const url of ["acme/stored", `${harness.git.url}/acme/stored.git`, `${harness.git.url}/ACME/Stored/tree/main/src`]) {
      const again = await postScan(harness.baseUrl, { url });
      expect({ url, status: again.status, body: again.body }).toEqual({
        url,
        status: 200,
        body: { id, status: "done", url: `/scans/${id}`, created: false },
      });
    }
    expect(await jobCount()).toBe(jobsBefore);
    const repository = await harness.db.repository.findFirstOrThrow({ where: { nameKey: "stored" } });
    expect(await harness.db.scan.count({ where: { repositoryId: repository.id } })).toBe(1);
  });
});

describe(`queued scans per repository (LASTCALL_MAX_QUEUED_SCANS_PER_REPOSITORY=${MAX_QUEUED})`, () => {
  it("refuses a scan beyond the cap with 429 too_many_queued_scans, and queues nothing for it", async () => {
    const commits: string[] = [];
    for (let i = 0; i <= MAX_QUEUED; i += 1) {
      commits.push(await harness.git.commit("acme/busy", { files: { "src/index.ts": `export const version = ${i};\n` } }));
    }
    const accepted: string[] = [];
    for (const commit of commits.slice(0, MAX_QUEUED)) {
      const submitted = await postScan(harness.baseUrl, { url: "acme/busy", ref: commit });
      expect(submitted.status).toBe(202);
      accepted.push(String(submitted.body.id));
    }
    const jobsBefore = await jobCount();

    for (const body of [{ url: "acme/busy", ref: commits[MAX_QUEUED] }, { url: "acme/busy" }]) {
      const refused = await postScan(harness.baseUrl, body);
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({
        error: {
          code: "too_many_queued_scans",
          message: `acme/busy has ${MAX_QUEUED} scans queued or running already; submit again once one has finished`,
        },
      });
    }
    expect(await jobCount()).toBe(jobsBefore);
  });

  it("still answers submissions that an existing scan answers, and counts each repository apart", async () => {
    const repository = await harness.db.repository.findFirstOrThrow({ where: { nameKey: "busy" } });
    const queued = await harness.db.scan.findFirstOrThrow({ where: { repositoryId: repository.id }, orderBy: { createdAt: "asc" } });
    const again = await postScan(harness.baseUrl, { url: "acme/busy", ref: queued.commitSha ?? "" });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: queued.id, status: "queued", created: false });

    await harness.git.commit("acme/quiet", { files: { "src/index.ts": "export {};\n" } });
    expect((await postScan(harness.baseUrl, { url: "acme/quiet" })).status).toBe(202);
  });

  it("makes room as scans finish", async () => {
    const repository = await harness.db.repository.findFirstOrThrow({ where: { nameKey: "busy" } });
    const oldest = await harness.db.scan.findFirstOrThrow({ where: { repositoryId: repository.id }, orderBy: { createdAt: "asc" } });
    await harness.db.scan.update({ where: { id: oldest.id }, data: { status: "failed", errorCode: "fetch_failed" } });
    const submitted = await postScan(harness.baseUrl, { url: "acme/busy" });
    expect(submitted.status).toBe(202);
    expect(errorOf(await postScan(harness.baseUrl, { url: "acme/busy", ref: oldest.commitSha ?? "" })).code).toBe("too_many_queued_scans");
  });
});

describe("request bodies", () => {
  it("refuses a chunked body that grows past 16 KiB with 413, whatever it never declared", async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(`${harness.baseUrl}/api/v1/scans`, {
        method: "POST",
        headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      });
      request.once("error", reject);
      request.once("response", (response) => {
        let text = "";
        response.setEncoding("utf8").on("data", (chunk: string) => {
          text += chunk;
        });
        response.once("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
      });
      request.write('{ "url": "acme/busy", "ref": "');
      for (let i = 0; i < 20; i += 1) request.write("x".repeat(1024));
      request.end('" }');
    });
    expect(status).toBe(413);
    expect(JSON.parse(body)).toEqual({ error: { code: "payload_too_large", message: "the body must not exceed 16384 bytes" } });
  });
});
