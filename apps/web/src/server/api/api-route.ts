import { isDatabaseUnavailable } from "@lastcall/db";
import { getRuntime, type WebRuntime } from "../runtime.js";
import { ApiError, errorResponse } from "./api-error.js";
import { clientAddress } from "./client-address.js";
import { enforceRateLimit, type RateLimitKind } from "./rate-limit.js";

type ApiHandler<Context> = (request: Request, context: Context, runtime: WebRuntime) => Promise<Response>;

/** How long a client is asked to wait while the database is away: a restart or a failover takes seconds. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Wraps every API route handler: counts the call against the client's rate limit, answers an
 * `ApiError` with its status and code, a database that is down or unreachable with 503
 * `database_unavailable` (the request may well succeed shortly, and the process recovers by itself
 * once the database is back), and anything else unexpected with a generic 500 that leaks nothing
 * (the details go to the log).
 */
export function apiRoute<Context>(
  limit: RateLimitKind,
  handler: ApiHandler<Context>,
): (request: Request, context: Context) => Promise<Response> {
  return async (request, context) => {
    const runtime = getRuntime();
    try {
      await enforceRateLimit(runtime, limit, clientAddress(request.headers, runtime.config.trustProxyHops));
      return await handler(request, context, runtime);
    } catch (error) {
      if (error instanceof ApiError) return errorResponse(error.status, error.code, error.message, error.headers);
      if (isDatabaseUnavailable(error)) {
        runtime.logger.warn({ err: error, method: request.method, path: new URL(request.url).pathname }, "database unavailable");
        return errorResponse(503, "database_unavailable", "The database is not available at the moment; try again shortly", {
          "retry-after": String(DATABASE_RETRY_AFTER_SECONDS),
        });
      }
      runtime.logger.error({ err: error, method: request.method, path: new URL(request.url).pathname }, "API request failed");
      return errorResponse(500, "internal", "Internal server error");
    }
  };
}
