import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createDb, type Db } from "@lastcall/db";
import { createTestDatabase } from "@lastcall/db/testing";
import { freePort, type GitHttpServer, type GitHttpServerOptions, spawnCaptured, startGitHttpServer } from "@lastcall/testkit";
import { Redis } from "ioredis";

const WEB_DIR = fileURLToPath(new URL("../..", import.meta.url));
const SERVER = join(WEB_DIR, "dist/server.js");
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export interface RunningWebApp {
  /** `http://127.0.0.1:PORT` of the running web app. */
  readonly baseUrl: string;
  readonly git: GitHttpServer;
  readonly env: Record<string, string>;
  readonly process: ChildProcess;
  /** Everything the server process printed. */
  output(): string;
  /** Stops the server (SIGTERM) and removes what the harness made: database, Redis keys, data and work directories. */
  close(): Promise<void>;
}

export interface WebHarness extends RunningWebApp {
  /** A client on the app's own (fresh) PostgreSQL database, for assertions. */
  readonly db: Db;
}

export interface WebHarnessOptions {
  git?: GitHttpServerOptions;
  env?: Record<string, string>;
  /** Services mode only: false runs the web app without its in-process BullMQ worker. */
  withWorker?: boolean;
  /**
   * Services mode only: the `host:port` through which the app reaches PostgreSQL (a proxy that a
   * fault test cuts and restores); the harness's own `db` still connects directly.
   */
  databaseHost?: string;
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

function launch(env: Record<string, string>, args: string[]) {
  const { child, output } = spawnCaptured([SERVER, ...args], { cwd: WEB_DIR, env: { ...env, NODE_ENV: "production" } });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  };
  return { child, output, stop };
}

function baseEnv(git: GitHttpServer, port: number, workDir: string, extra: Record<string, string> | undefined): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    GITHUB_SERVER_URL: git.url,
    LASTCALL_WORK_DIR: workDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    ...extra,
  };
}

/**
 * The built web app (`npm run build` first) in services mode with an in-process BullMQ worker, on
 * a fresh PostgreSQL database, a fresh Redis key prefix and a local git server that plays GitHub.
 */
export async function startWebHarness(options: WebHarnessOptions = {}): Promise<WebHarness> {
  const database = await createTestDatabase();
  const git = await startGitHttpServer(options.git);
  const workDir = await mkdtemp(join(tmpdir(), "lastcall-web-test-"));
  const prefix = `{lastcall-t-${randomUUID().slice(0, 8)}}`;
  const appDatabaseUrl = new URL(database.url);
  if (options.databaseHost !== undefined) appDatabaseUrl.host = options.databaseHost;
  const env = baseEnv(git, await freePort(), workDir, {
    DATABASE_URL: appDatabaseUrl.href,
    REDIS_URL,
    LASTCALL_QUEUE_PREFIX: prefix,
    ...options.env,
  });
  const server = launch(env, options.withWorker === false ? [] : ["--with-worker"]);
  const baseUrl = `http://127.0.0.1:${env.PORT}`;
  await waitUntilHealthy(baseUrl, server.child, server.output);
  const db = createDb(database.url);

  return {
    baseUrl,
    git,
    db,
    env,
    process: server.child,
    output: server.output,
    async close() {
      await server.stop();
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

/**
 * The built web app in single-node mode, as `npm start` runs it on a fresh machine: no
 * DATABASE_URL, no REDIS_URL; the embedded database under a fresh data directory, scans in-process.
 */
export async function startSingleNodeHarness(
  options: Omit<WebHarnessOptions, "withWorker"> & {
    /** Kept by the caller (a restart test reuses it); otherwise one is made and removed. */
    dataDir?: string;
    /** An already running git server the caller keeps (a restart must find the same repositories). */
    gitServer?: GitHttpServer;
  } = {},
): Promise<RunningWebApp & { dataDir: string }> {
  const git = options.gitServer ?? (await startGitHttpServer(options.git));
  const workDir = await mkdtemp(join(tmpdir(), "lastcall-web-test-"));
  const dataDir = options.dataDir ?? join(workDir, "data");
  const env = baseEnv(git, await freePort(), join(workDir, "checkouts"), { LASTCALL_DATA_DIR: dataDir, ...options.env });
  const server = launch(env, []);
  const baseUrl = `http://127.0.0.1:${env.PORT}`;
  await waitUntilHealthy(baseUrl, server.child, server.output);

  return {
    baseUrl,
    git,
    env,
    dataDir,
    process: server.child,
    output: server.output,
    async close() {
      await server.stop();
      if (options.gitServer === undefined) await git.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
