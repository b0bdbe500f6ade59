import { githubServerUrlSchema, pickGitEnv } from "@lastcall/git-fetch";
import { DEFAULT_QUEUE_PREFIX } from "@lastcall/jobs";
import { z } from "zod";

const webEnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgresql:// URL" }),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" }),
  GITHUB_SERVER_URL: githubServerUrlSchema,
  GITHUB_API_URL: z.url({ protocol: /^https?$/ }).default("https://api.github.com"),
  /** Where users reach this site, for absolute links in badge snippets; the request's origin when unset. */
  LASTCALL_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  LASTCALL_QUEUE_PREFIX: z
    .string()
    .regex(/^\{[\w-]+\}$/, "must be a Redis Cluster hash tag such as {lastcall}")
    .default(DEFAULT_QUEUE_PREFIX),
  /**
   * After SIGTERM, how long the server keeps accepting requests while /readyz already answers 503,
   * so a load balancer notices before connections are refused. 0 (nothing in front to tell) by default.
   */
  LASTCALL_SHUTDOWN_DELAY_MS: z.coerce.number().int().nonnegative().default(0),
  /** In-flight requests get this long after SIGTERM; below Docker's 10 s, leaving time to close connections. */
  LASTCALL_SHUTDOWN_DRAIN_MS: z.coerce.number().int().positive().default(5_000),
  /** Time limit for resolving a submitted ref with `git ls-remote` in the request. */
  LASTCALL_RESOLVE_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export interface WebConfig {
  port: number;
  host: string;
  databaseUrl: string;
  redisUrl: string;
  githubServer: URL;
  githubApiUrl: string;
  publicUrl: string | undefined;
  queuePrefix: string;
  shutdownDelayMs: number;
  shutdownDrainMs: number;
  resolveTimeoutMs: number;
  gitEnv: Record<string, string>;
  logLevel: z.infer<typeof webEnvSchema>["LOG_LEVEL"];
}

export class WebConfigError extends Error {
  override readonly name = "WebConfigError";
}

/** Read once at start-up; a missing or bad variable is named in the error (and the process exits 2). */
export function loadWebConfig(env: Readonly<Record<string, string | undefined>>): WebConfig {
  const parsed = webEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join(".");
      return env[name] === undefined ? `${name} is required` : `${name} ${issue.message}`;
    });
    throw new WebConfigError(`invalid environment: ${problems.join("; ")}`);
  }
  const vars = parsed.data;
  return {
    port: vars.PORT,
    host: vars.HOST,
    databaseUrl: vars.DATABASE_URL,
    redisUrl: vars.REDIS_URL,
    githubServer: vars.GITHUB_SERVER_URL,
    githubApiUrl: vars.GITHUB_API_URL,
    publicUrl: vars.LASTCALL_PUBLIC_URL?.replace(/\/$/, ""),
    queuePrefix: vars.LASTCALL_QUEUE_PREFIX,
    shutdownDelayMs: vars.LASTCALL_SHUTDOWN_DELAY_MS,
    shutdownDrainMs: vars.LASTCALL_SHUTDOWN_DRAIN_MS,
    resolveTimeoutMs: vars.LASTCALL_RESOLVE_TIMEOUT_MS,
    gitEnv: pickGitEnv(env),
    logLevel: vars.LOG_LEVEL,
  };
}
