/**
 * An error the API answers with as it is: a stable code for programs, a message for people, and the
 * HTTP status. Anything else that escapes a route becomes a generic 500 (see `apiRoute`).
 */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The API's one error shape: `{ error: { code, message } }`. */
export function errorResponse(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: { code, message } }, { status, headers: { "cache-control": "no-store", ...headers } });
}

export function notFound(message = "Not found"): ApiError {
  return new ApiError(404, "not_found", message);
}
