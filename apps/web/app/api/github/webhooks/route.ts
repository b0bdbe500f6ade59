import { ApiError, errorResponse } from "@/server/api/api-error";
import { receiveWebhook } from "@/server/github/receive-webhook";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

/**
 * GitHub App webhook deliveries. Not rate limited like the API (GitHub is one client, and each delivery is
 * signed), but answered in the API's error shape, with unexpected errors as a generic 500 that leaks nothing.
 */
export async function POST(request: Request): Promise<Response> {
  const runtime = getRuntime();
  try {
    return await receiveWebhook(request, runtime);
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error.status, error.code, error.message, error.headers);
    runtime.logger.error(
      { err: error, path: "/api/github/webhooks", delivery: request.headers.get("x-github-delivery") },
      "webhook failed",
    );
    return errorResponse(500, "internal", "Internal server error");
  }
}
