import { describe, expect, it } from "vitest";
import { scanEventStream } from "./scan-event-stream.js";
import type { ApiScanStatus } from "./scan-resource.js";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

/** A read function that returns the given states in turn, then the last one for ever. */
function states(...sequence: Array<{ status: ApiScanStatus; n?: number }>) {
  let index = 0;
  return async () => sequence[Math.min(index++, sequence.length - 1)] ?? { status: "queued" as const };
}

describe("scanEventStream", () => {
  it("sends a progress event per change, none for repeats, and ends after done", async () => {
    const stream = scanEventStream({
      read: states(
        { status: "queued" },
        { status: "queued" },
        { status: "running", n: 1 },
        { status: "running", n: 1 },
        { status: "done" },
      ),
      signal: new AbortController().signal,
      onError: (error) => {
        throw error;
      },
      pollMs: 1,
    });
    const text = await readAll(stream);
    expect(text.split("\n\n").filter(Boolean)).toEqual([
      'event: progress\ndata: {"status":"queued"}',
      'event: progress\ndata: {"status":"running","n":1}',
      'event: progress\ndata: {"status":"done"}',
    ]);
  });

  it("ends after failed too", async () => {
    const text = await readAll(
      scanEventStream({ read: states({ status: "failed" }), signal: new AbortController().signal, onError: () => {} }),
    );
    expect(text).toBe('event: progress\ndata: {"status":"failed"}\n\n');
  });

  it("sends heartbeat comments while nothing changes", async () => {
    const stop = new AbortController();
    const stream = scanEventStream({
      read: states({ status: "queued" }),
      signal: stop.signal,
      onError: () => {},
      pollMs: 5,
      heartbeatMs: 20,
    });
    setTimeout(() => stop.abort(), 120);
    const text = await readAll(stream);
    expect(text.startsWith('event: progress\ndata: {"status":"queued"}\n\n: heartbeat\n\n')).toBe(true);
  });

  it("ends at once when its signal aborts (shutdown, client gone)", async () => {
    const stop = new AbortController();
    const stream = scanEventStream({ read: states({ status: "running" }), signal: stop.signal, onError: () => {}, pollMs: 60_000 });
    const started = Date.now();
    setTimeout(() => stop.abort(), 20);
    await readAll(stream);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("stops polling when the reader cancels", async () => {
    let reads = 0;
    const stream = scanEventStream({
      read: async () => {
        reads += 1;
        return { status: "running" };
      },
      signal: new AbortController().signal,
      onError: () => {},
      pollMs: 5,
    });
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
    const after = reads;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reads - after).toBeLessThanOrEqual(1);
  });

  it("reports a failing read and ends the stream, so the client reconnects", async () => {
    const errors: unknown[] = [];
    const stream = scanEventStream({
      read: () => Promise.reject(new Error("database gone")),
      signal: new AbortController().signal,
      onError: (error) => errors.push(error),
    });
    expect(await readAll(stream)).toBe("");
    expect(errors).toHaveLength(1);
  });
});
