import { describe, expect, it } from "vitest";
import { ApiError } from "./api-error.js";
import { MAX_BODY_BYTES, readJsonBody } from "./read-json-body.js";

function post(body: BodyInit, headers: Record<string, string> = { "content-type": "application/json" }): Request {
  return new Request("http://localhost/api/v1/scans", { method: "POST", body, headers });
}

async function failure(request: Request): Promise<{ status: number; code: string }> {
  const error = await readJsonBody(request).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return { status: error.status, code: error.code };
}

describe("readJsonBody", () => {
  it("parses JSON sent as application/json, with or without a charset", async () => {
    expect(await readJsonBody(post('{"url":"a/b"}'))).toEqual({ url: "a/b" });
    expect(await readJsonBody(post("[1]", { "content-type": "Application/JSON; charset=utf-8" }))).toEqual([1]);
  });

  it("refuses other media types with 415", async () => {
    expect(await failure(post('{"url":"a/b"}', { "content-type": "text/plain" }))).toEqual({ status: 415, code: "unsupported_media_type" });
    expect(await failure(post("url=a/b", { "content-type": "application/x-www-form-urlencoded" }))).toMatchObject({ status: 415 });
  });

  it("refuses bodies over the cap with 413, also when the stream is longer than it says", async () => {
    expect(await failure(post(JSON.stringify({ url: "x".repeat(MAX_BODY_BYTES) })))).toEqual({ status: 413, code: "payload_too_large" });
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i += 1) controller.enqueue(new Uint8Array(1024).fill(32));
        controller.close();
      },
    });
    const streamed = new Request("http://localhost/", {
      method: "POST",
      body: chunks,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    expect(await failure(streamed)).toEqual({ status: 413, code: "payload_too_large" });
  });

  it("answers malformed JSON and invalid UTF-8 with 400 invalid_body", async () => {
    expect(await failure(post("{url:"))).toEqual({ status: 400, code: "invalid_body" });
    expect(await failure(post(""))).toEqual({ status: 400, code: "invalid_body" });
    expect(await failure(post(new Uint8Array([0x22, 0xff, 0x22])))).toEqual({ status: 400, code: "invalid_body" });
  });
});
