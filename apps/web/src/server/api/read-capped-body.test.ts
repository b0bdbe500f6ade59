import { describe, expect, it } from "vitest";
import { ApiError } from "./api-error.js";
import { readCappedBody } from "./read-capped-body.js";

/** A body streamed in 1 KiB chunks, sent without a Content-Length. */
function streamed(kib: number): Request {
  const chunks = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < kib; i += 1) controller.enqueue(new Uint8Array(1024).fill(32));
      controller.close();
    },
  });
  return new Request("http://localhost/", { method: "POST", body: chunks, duplex: "half" } as RequestInit);
}

describe("readCappedBody", () => {
  it("gives the body up to the cap, and an empty one when there is none", async () => {
    expect((await readCappedBody(streamed(4), 4 * 1024)).byteLength).toBe(4 * 1024);
    expect((await readCappedBody(new Request("http://localhost/"), 1024)).byteLength).toBe(0);
  });

  it("refuses with 413 a body over the cap, whether Content-Length says so or the stream runs past it", async () => {
    const declared = new Request("http://localhost/", { method: "POST", body: "x".repeat(11) });
    for (const request of [declared, streamed(5)]) {
      const error = await readCappedBody(request, 10).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 413, code: "payload_too_large", message: "the body must not exceed 10 bytes" });
    }
  });
});
