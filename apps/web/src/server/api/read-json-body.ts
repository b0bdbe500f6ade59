import { ApiError } from "./api-error.js";

/** A submission is a URL and a ref: far below this. The cap keeps a client from making us buffer megabytes. */
export const MAX_BODY_BYTES = 16 * 1024;

const JSON_TYPE = /^application\/json\s*(;|$)/i;

function tooLarge(): ApiError {
  return new ApiError(413, "payload_too_large", `the body must not exceed ${MAX_BODY_BYTES} bytes`);
}

/** Reads at most `MAX_BODY_BYTES` of the body, whatever Content-Length claims (it may be absent or wrong). */
async function readCapped(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks);
}

/**
 * The request's JSON body: 415 `unsupported_media_type` unless it is sent as `application/json`,
 * 413 `payload_too_large` over 16 KiB, 400 `invalid_body` when it is not UTF-8 JSON.
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  if (!JSON_TYPE.test(request.headers.get("content-type") ?? "")) {
    throw new ApiError(415, "unsupported_media_type", 'the body must be JSON sent with "content-type: application/json"');
  }
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  const bytes = request.body === null ? new Uint8Array() : await readCapped(request.body);
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new ApiError(400, "invalid_body", "the body is not valid JSON");
  }
}
