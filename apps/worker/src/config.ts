import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { describeEnvIssues, githubServerUrlSchema, pickGitEnv } from "@lastcall/git-fetch";
import { type GithubAppConfig, GithubAppConfigError, loadGithubAppConfig } from "@lastcall/github";
import { queuePrefixSchema } from "@lastcall/jobs";
import { z } from "zod";

const MIB = 1024 * 1024;

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const postgresUrl = z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgresql:// URL" });
const redisUrl = z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" });

const workerEnvSchema = z.object({
  // Optional here: a single-node process runs scans without them (embedded database, in-process
  // queue); a BullMQ worker demands both through `requireQueueServices`.
  DATABASE_URL: postgresUrl.optional(),
  REDIS_URL: redisUrl.optional(),
  GITHUB_SERVER_URL: githubServerUrlSchema,
  GITHUB_API_URL: z.url({ protocol: /^https?$/ }).default("https://api.github.com"),
  /** Where the website is, for the check runs' "details" links to reports. */
  LASTCALL_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  LASTCALL_QUEUE_PREFIX: queuePrefixSchema,
  LASTCALL_WORKER_CONCURRENCY: positiveInt(1),
  LASTCALL_WORK_DIR: z.string().min(1).optional(),
  LASTCALL_FETCH_TIMEOUT_MS: positiveInt(120_000),
  LASTCALL_MAX_REPO_BYTES: positiveInt(200 * MIB),
  LASTCALL_MAX_REPO_FILES: positiveInt(100_000),
  LASTCALL_ANALYSIS_TIMEOUT_MS: positiveInt(180_000),
  LASTCALL_ANALYSIS_MAX_MEMORY_MB: positiveInt(2048),
  /** Below Docker's default 10 s grace period, leaving time to close connections and flush logs. */
  LASTCALL_SHUTDOWN_DRAIN_MS: positiveInt(7_000),
  /** BullMQ's lock: a worker that dies loses its job to another worker after about twice this. */
  LASTCALL_LOCK_DURATION_MS: positiveInt(30_000),
  LASTCALL_STALLED_INTERVAL_MS: positiveInt(30_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export interface WorkerConfig {
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  githubServer: URL;
  githubApiUrl: string;
  /** The GitHub App, when configured: check runs and private repositories need it. */
  githubApp: GithubAppConfig | undefined;
  publicUrl: string;
  queuePrefix: string;
  concurrency: number;
  /** Each worker process keeps its checkouts in its own directory below this. */
  workDir: string;
  gitEnv: Record<string, string>;
  fetch: { timeoutMs: number; maxBytes: number; maxFiles: number };
  analysis: { timeoutMs: number; maxMemoryMb: number };
  shutdownDrainMs: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  logLevel: z.infer<typeof workerEnvSchema>["LOG_LEVEL"];
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** The PostgreSQL and Redis a BullMQ worker needs; missing ones are named in the error. */
export function requireQueueServices(config: WorkerConfig): { databaseUrl: string; redisUrl: string } {
  const { databaseUrl, redisUrl } = config;
  if (databaseUrl === undefined || redisUrl === undefined) {
    const missing = [databaseUrl === undefined ? "DATABASE_URL" : [], redisUrl === undefined ? "REDIS_URL" : []].flat();
    throw new ConfigError(`invalid environment: ${missing.map((name) => `${name} is required`).join("; ")}`);
  }
  return { databaseUrl, redisUrl };
}

/** Read once at start-up; a missing or bad variable is named in the error (and the process exits 2). */
export function loadWorkerConfig(env: Readonly<Record<string, string | undefined>>): WorkerConfig {
  const parsed = workerEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`invalid environment: ${describeEnvIssues(parsed.error, env)}`);
  }
  const vars = parsed.data;
  let githubApp: GithubAppConfig | undefined;
  try {
    githubApp = loadGithubAppConfig(env, (path) => readFileSync(path, "utf8"));
  } catch (error) {
    if (error instanceof GithubAppConfigError) throw new ConfigError(error.message);
    throw error;
  }
  return {
    databaseUrl: vars.DATABASE_URL,
    redisUrl: vars.REDIS_URL,
    githubServer: vars.GITHUB_SERVER_URL,
    githubApiUrl: vars.GITHUB_API_URL,
    githubApp,
    publicUrl: (vars.LASTCALL_PUBLIC_URL ?? "http://localhost:3000").replace(/\/$/, ""),
    queuePrefix: vars.LASTCALL_QUEUE_PREFIX,
    concurrency: vars.LASTCALL_WORKER_CONCURRENCY,
    workDir: resolve(vars.LASTCALL_WORK_DIR ?? tmpdir()),
    gitEnv: pickGitEnv(env),
    fetch: { timeoutMs: vars.LASTCALL_FETCH_TIMEOUT_MS, maxBytes: vars.LASTCALL_MAX_REPO_BYTES, maxFiles: vars.LASTCALL_MAX_REPO_FILES },
    analysis: { timeoutMs: vars.LASTCALL_ANALYSIS_TIMEOUT_MS, maxMemoryMb: vars.LASTCALL_ANALYSIS_MAX_MEMORY_MB },
    shutdownDrainMs: vars.LASTCALL_SHUTDOWN_DRAIN_MS,
    lockDurationMs: vars.LASTCALL_LOCK_DURATION_MS,
    stalledIntervalMs: vars.LASTCALL_STALLED_INTERVAL_MS,
    logLevel: vars.LOG_LEVEL,
  };
}
