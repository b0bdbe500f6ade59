import { ApiError } from "./api-error.js";
import { readCappedBody } from "./read-capped-body.js";

/** A submission is a URL and a ref: far below this. The cap keeps a client from making us buffer megabytes. */
export const MAX_BODY_BYTES = 16 * 1024;

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/**
 * The request's JSON body: 415 `unsupported_media_type` unless it is sent as `application/json`,
 * 413 `payload_too_large` over 16 KiB, 400 `invalid_body` when it is not UTF-8 JSON.
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  if (!JSON_TYPE.test(request.headers.get("content-type") ?? "")) {
    throw new ApiError(415, "unsupported_media_type", 'the body must be JSON sent with "content-type: application/json"');
  }
  const bytes = await readCappedBody(request, MAX_BODY_BYTES);
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new ApiError(400, "invalid_body", "the body is not valid JSON");
  }
}
