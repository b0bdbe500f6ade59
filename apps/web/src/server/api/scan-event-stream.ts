import { setTimeout as sleep } from "node:timers/promises";
import type { ApiScanStatus } from "./scan-resource.js";

export interface ScanEventStreamOptions {
  /** The scan's state as the client should see it. */
  read: () => Promise<{ status: ApiScanStatus }>;
  /** Ends the stream: the client went away, or the server is shutting down. */
  signal: AbortSignal;
  onError: (error: unknown) => void;
  pollMs?: number;
  heartbeatMs?: number;
}

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-store",
  // nginx and similar proxies would otherwise buffer the stream and deliver progress all at once.
  "x-accel-buffering": "no",
} as const;

/**
 * Server-sent events for one scan: a `progress` event whenever its state changes, a comment every
 * `heartbeatMs` of silence (so proxies keep the connection open), and the end after `done` or
 * `failed`. The state is polled from the database rather than pushed from the queue, so any web
 * replica can serve any scan whichever worker runs it.
 */
export function scanEventStream(options: ScanEventStreamOptions): ReadableStream<Uint8Array> {
  const { read, onError, pollMs = 500, heartbeatMs = 15_000 } = options;
  const cancelled = new AbortController();
  const signal = AbortSignal.any([options.signal, cancelled.signal]);
  const encoder = new TextEncoder();

  async function run(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    let lastData = "";
    let lastWrite = Date.now();
    const write = (text: string) => {
      controller.enqueue(encoder.encode(text));
      lastWrite = Date.now();
    };
    try {
      while (!signal.aborted) {
        const state = await read();
        if (signal.aborted) break;
        const data = JSON.stringify(state);
        if (data !== lastData) {
          write(`event: progress\ndata: ${data}\n\n`);
          lastData = data;
        } else if (Date.now() - lastWrite >= heartbeatMs) {
          write(": heartbeat\n\n");
        }
        if (state.status === "done" || state.status === "failed") break;
        await sleep(pollMs, undefined, { signal }).catch(() => undefined);
      }
    } catch (error) {
      if (!signal.aborted) onError(error);
    }
    if (!cancelled.signal.aborted) controller.close();
  }

  return new ReadableStream<Uint8Array>({
    start(controller) {
      void run(controller);
    },
    cancel() {
      cancelled.abort();
    },
  });
}
