import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describeEnvIssues, githubServerUrlSchema, pickGitEnv } from "@lastcall/git-fetch";
import { type GithubAppConfig, GithubAppConfigError, loadGithubAppConfig } from "@lastcall/github";
import { queuePrefixSchema } from "@lastcall/jobs";
import { z } from "zod";

const webEnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  // Both unset: single-node mode (an embedded database under LASTCALL_DATA_DIR, scans run in this
  // process). Both set: PostgreSQL and Redis, shared with any number of workers.
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgresql:// URL" }).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" }).optional(),
  /** Single-node mode's data: the embedded database lives in `<dir>/pgdata`. */
  LASTCALL_DATA_DIR: z.string().min(1).default(".lastcall"),
  GITHUB_SERVER_URL: githubServerUrlSchema,
  GITHUB_API_URL: z.url({ protocol: /^https?$/ }).default("https://api.github.com"),
  /** Where users reach this site, for absolute links in badge snippets; the request's origin when unset. */
  LASTCALL_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  LASTCALL_QUEUE_PREFIX: queuePrefixSchema,
  /**
   * After SIGTERM, how long the server keeps accepting requests while /readyz already answers 503,
   * so a load balancer notices before connections are refused. 0 (nothing in front to tell) by default.
   */
  LASTCALL_SHUTDOWN_DELAY_MS: z.coerce.number().int().nonnegative().default(0),
  /** In-flight requests get this long after SIGTERM; below Docker's 10 s, leaving time to close connections. */
  LASTCALL_SHUTDOWN_DRAIN_MS: z.coerce.number().int().positive().default(5_000),
  /** Time limit for resolving a submitted ref with `git ls-remote` in the request. */
  LASTCALL_RESOLVE_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /**
   * How many reverse proxies in front of this server append to X-Forwarded-For; the client is the
   * address the outermost of them saw. 0: nothing in front, the socket's address is the client's.
   */
  LASTCALL_TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Per client address: scan submissions (`POST /api/v1/scans`) and other API calls. */
  LASTCALL_RATE_LIMIT_SUBMISSIONS_PER_MINUTE: z.coerce.number().int().positive().default(10),
  LASTCALL_RATE_LIMIT_API_PER_MINUTE: z.coerce.number().int().positive().default(120),
  /** Per repository: scans queued or running at once, whoever asked for them (`POST /api/v1/scans` answers 429 beyond). */
  LASTCALL_MAX_QUEUED_SCANS_PER_REPOSITORY: z.coerce.number().int().positive().default(5),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** The GitHub App's OAuth client (its settings page): sign-in with GitHub, for private repositories. */
  GITHUB_APP_CLIENT_ID: z.string().min(1).optional(),
  GITHUB_APP_CLIENT_SECRET: z.string().min(1).optional(),
});

export interface WebConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** Absolute. */
  dataDir: string;
  githubServer: URL;
  githubApiUrl: string;
  publicUrl: string | undefined;
  queuePrefix: string;
  shutdownDelayMs: number;
  shutdownDrainMs: number;
  resolveTimeoutMs: number;
  gitEnv: Record<string, string>;
  trustProxyHops: number;
  rateLimits: { submissionsPerMinute: number; apiPerMinute: number };
  maxQueuedScansPerRepository: number;
  logLevel: z.infer<typeof webEnvSchema>["LOG_LEVEL"];
  /** Set with GITHUB_APP_ID (its key and webhook secret then required); without it the webhook endpoint answers 404. */
  githubApp: GithubAppConfig | undefined;
  /** Sign-in with GitHub; without it nobody signs in, and private repositories are a 404 to everyone. */
  githubOAuth: { clientId: string; clientSecret: string } | undefined;
}

export class WebConfigError extends Error {
  override readonly name = "WebConfigError";
}

/** An unreadable key file is named like every other bad setting, not reported as a bare ENOENT. */
function readPrivateKeyFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new WebConfigError(`invalid environment: GITHUB_APP_PRIVATE_KEY_FILE cannot be read (${(error as Error).message})`);
  }
}

/** Read once at start-up; a missing or bad variable is named in the error (and the process exits 2). */
export function loadWebConfig(env: Readonly<Record<string, string | undefined>>): WebConfig {
  const parsed = webEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new WebConfigError(`invalid environment: ${describeEnvIssues(parsed.error, env)}`);
  }
  const vars = parsed.data;
  if (vars.REDIS_URL !== undefined && vars.DATABASE_URL === undefined) {
    throw new WebConfigError(
      "invalid environment: REDIS_URL needs DATABASE_URL too (workers that share the queue must share the database; unset both for single-node mode)",
    );
  }
  if ((vars.GITHUB_APP_CLIENT_ID === undefined) !== (vars.GITHUB_APP_CLIENT_SECRET === undefined)) {
    throw new WebConfigError("invalid environment: GITHUB_APP_CLIENT_ID and GITHUB_APP_CLIENT_SECRET go together (sign-in with GitHub)");
  }
  let githubApp: GithubAppConfig | undefined;
  try {
    githubApp = loadGithubAppConfig(env, readPrivateKeyFile);
  } catch (error) {
    if (error instanceof GithubAppConfigError) throw new WebConfigError(error.message);
    throw error;
  }
  return {
    port: vars.PORT,
    host: vars.HOST,
    databaseUrl: vars.DATABASE_URL,
    redisUrl: vars.REDIS_URL,
    dataDir: resolve(vars.LASTCALL_DATA_DIR),
    githubServer: vars.GITHUB_SERVER_URL,
    githubApiUrl: vars.GITHUB_API_URL,
    publicUrl: vars.LASTCALL_PUBLIC_URL?.replace(/\/$/, ""),
    queuePrefix: vars.LASTCALL_QUEUE_PREFIX,
    shutdownDelayMs: vars.LASTCALL_SHUTDOWN_DELAY_MS,
    shutdownDrainMs: vars.LASTCALL_SHUTDOWN_DRAIN_MS,
    resolveTimeoutMs: vars.LASTCALL_RESOLVE_TIMEOUT_MS,
    gitEnv: pickGitEnv(env),
    trustProxyHops: vars.LASTCALL_TRUST_PROXY,
    rateLimits: {
      submissionsPerMinute: vars.LASTCALL_RATE_LIMIT_SUBMISSIONS_PER_MINUTE,
      apiPerMinute: vars.LASTCALL_RATE_LIMIT_API_PER_MINUTE,
    },
    maxQueuedScansPerRepository: vars.LASTCALL_MAX_QUEUED_SCANS_PER_REPOSITORY,
    logLevel: vars.LOG_LEVEL,
    githubApp,
    githubOAuth:
      vars.GITHUB_APP_CLIENT_ID === undefined || vars.GITHUB_APP_CLIENT_SECRET === undefined
        ? undefined
        : { clientId: vars.GITHUB_APP_CLIENT_ID, clientSecret: vars.GITHUB_APP_CLIENT_SECRET },
  };
}
