import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { WebRuntime } from "../runtime.js";
import { ApiError } from "./api-error.js";

/** Submissions start work (a git ls-remote now, a fetch and an analysis later), so they get a budget of their own. */
export type RateLimitKind = "submissions" | "reads";

const WINDOW_SECONDS = 60;

type Limiter = RateLimiterRedis | RateLimiterMemory;

const limitersByRuntime = new WeakMap<WebRuntime, Record<RateLimitKind, Limiter>>();

/**
 * Counters live in Redis, so every web replica shares them; the keys sit under the queue's prefix
 * (`{lastcall}:rl:<kind>:<client>`), which keeps one deployment's keys together. If Redis does not
 * answer, each process falls back to counting in its own memory rather than refusing everyone.
 * Single-node mode has no Redis and one process: memory is the store.
 */
function limiters(runtime: WebRuntime): Record<RateLimitKind, Limiter> {
  let found = limitersByRuntime.get(runtime);
  if (found === undefined) {
    const { redis } = runtime;
    const create = (kind: RateLimitKind, points: number): Limiter =>
      redis === undefined
        ? new RateLimiterMemory({ points, duration: WINDOW_SECONDS })
        : new RateLimiterRedis({
            storeClient: redis,
            keyPrefix: `${runtime.config.queuePrefix}:rl:${kind}`,
            points,
            duration: WINDOW_SECONDS,
            rejectIfRedisNotReady: true,
            insuranceLimiter: new RateLimiterMemory({ points, duration: WINDOW_SECONDS }),
          });
    const { submissionsPerMinute, apiPerMinute } = runtime.config.rateLimits;
    found = { submissions: create("submissions", submissionsPerMinute), reads: create("reads", apiPerMinute) };
    limitersByRuntime.set(runtime, found);
  }
  return found;
}

/** Counts one request of `client`; over the limit, throws 429 `rate_limited` with Retry-After in seconds. */
export async function enforceRateLimit(runtime: WebRuntime, kind: RateLimitKind, client: string): Promise<void> {
  try {
    await limiters(runtime)[kind].consume(client);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    const limit = kind === "submissions" ? runtime.config.rateLimits.submissionsPerMinute : runtime.config.rateLimits.apiPerMinute;
    const what = kind === "submissions" ? "scan submissions" : "API requests";
    throw new ApiError(429, "rate_limited", `Too many ${what}: ${limit} a minute are allowed; try again in ${retryAfter} s`, {
      "retry-after": String(retryAfter),
    });
  }
}
