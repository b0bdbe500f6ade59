import { ApiError } from "../api/api-error.js";

/** GitHub caps payloads at 25 MB, but what Lastcall acts on (installations, pushes, pull requests) is far smaller. */
const MAX_WEBHOOK_BODY_BYTES = 5 * 1024 * 1024;

function tooLarge(): ApiError {
  return new ApiError(413, "payload_too_large", `the body must not exceed ${MAX_WEBHOOK_BODY_BYTES} bytes`);
}

/**
 * The body exactly as sent, as text, for the signature check: at most 5 MiB, whatever Content-Length
 * claims. Bytes that are not UTF-8 are replaced, which no signature matches, so they end in a 401.
 */
export async function readWebhookBody(request: Request): Promise<string> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_WEBHOOK_BODY_BYTES) throw tooLarge();
  if (request.body === null) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > MAX_WEBHOOK_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
