import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createDb, type Db } from "@lastcall/db";
import { createTestDatabase } from "@lastcall/db/testing";
import { type GitHttpServer, type GitHttpServerOptions, startGitHttpServer } from "@lastcall/testkit";
import { Redis } from "ioredis";

const WEB_DIR = fileURLToPath(new URL("../..", import.meta.url));
const SERVER = join(WEB_DIR, "dist/server.js");
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export interface WebHarness {
  /** `http://127.0.0.1:PORT` of the running web app. */
  readonly baseUrl: string;
  readonly git: GitHttpServer;
  /** A client on the app's own (fresh) database, for assertions. */
  readonly db: Db;
  readonly env: Record<string, string>;
  readonly process: ChildProcess;
  /** Everything the server process printed. */
  output(): string;
  /** Stops the server (SIGTERM) and removes the database, the Redis keys and the checkouts. */
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const address = probe.address();
  probe.close();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

async function waitUntilHealthy(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the web server exited with ${child.exitCode}:\n${output()}`);
    const ok = await fetch(`${baseUrl}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the web server did not become healthy:\n${output()}`);
}

/**
 * The built web app (`npm run build` first) with an in-process worker, on a fresh PostgreSQL
 * database, a fresh Redis key prefix and a local git server that plays GitHub.
 */
export async function startWebHarness(
  options: { git?: GitHttpServerOptions; env?: Record<string, string>; withWorker?: boolean } = {},
): Promise<WebHarness> {
  const database = await createTestDatabase();
  const git = await startGitHttpServer(options.git);
  const workDir = await mkdtemp(join(tmpdir(), "lastcall-web-test-"));
  const port = await freePort();
  const prefix = `{lastcall-t-${randomUUID().slice(0, 8)}}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: database.url,
    REDIS_URL,
    GITHUB_SERVER_URL: git.url,
    LASTCALL_QUEUE_PREFIX: prefix,
    LASTCALL_WORK_DIR: workDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    ...options.env,
  };
  const args = options.withWorker === false ? [SERVER] : [SERVER, "--with-worker"];
  const child = spawn(process.execPath, args, {
    cwd: WEB_DIR,
    env: { ...env, NODE_ENV: "production" as const },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilHealthy(baseUrl, child, () => output);
  const db = createDb(database.url);

  return {
    baseUrl,
    git,
    db,
    env,
    process: child,
    output: () => output,
    async close() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await once(child, "exit");
      }
      await db.$disconnect();
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
      await git.close();
      await database.drop();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
