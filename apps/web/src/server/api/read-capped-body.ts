import { ApiError } from "./api-error.js";

/**
 * The request's body, at most `maxBytes` of it, whatever Content-Length claims (it may be absent or
 * wrong): beyond the cap, 413 `payload_too_large`, so that a client cannot make us buffer more.
 */
export async function readCappedBody(request: Request, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => new ApiError(413, "payload_too_large", `the body must not exceed ${maxBytes} bytes`);
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge();
  if (request.body === null) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks);
}
