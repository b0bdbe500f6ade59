import { getRuntime, type WebRuntime } from "../runtime.js";
import { ApiError, errorResponse } from "./api-error.js";
import { clientAddress } from "./client-address.js";
import { enforceRateLimit, type RateLimitKind } from "./rate-limit.js";

type ApiHandler<Context> = (request: Request, context: Context, runtime: WebRuntime) => Promise<Response>;

/**
 * Wraps every API route handler: counts the call against the client's rate limit, answers an
 * `ApiError` with its status and code, and turns anything unexpected into a generic 500 that leaks
 * nothing (the details go to the log).
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
      runtime.logger.error({ err: error, method: request.method, path: new URL(request.url).pathname }, "API request failed");
      return errorResponse(500, "internal", "Internal server error");
    }
  };
}
