import { describe, expect, it } from "vitest";
import { abortable } from "./abortable.js";

describe("abortable", () => {
  it("settles like the promise when nothing aborts", async () => {
    await expect(abortable(Promise.resolve(42), new AbortController().signal)).resolves.toBe(42);
    await expect(abortable(Promise.reject(new Error("no")), undefined)).rejects.toThrow("no");
  });

  it("rejects with the reason as soon as the signal aborts", async () => {
    const controller = new AbortController();
    const never = new Promise<number>(() => undefined);
    const waiting = abortable(never, controller.signal);
    controller.abort("SIGTERM");
    await expect(waiting).rejects.toBe("SIGTERM");
  });

  it("rejects at once when the signal has already aborted", async () => {
    const controller = new AbortController();
    controller.abort("SIGINT");
    await expect(abortable(Promise.resolve(1), controller.signal)).rejects.toBe("SIGINT");
  });

  it("observes work that fails after an early abort, so nothing is left unhandled", async () => {
    const controller = new AbortController();
    controller.abort("SIGTERM");
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const work = new Promise((_, reject) => setTimeout(() => reject(new Error("stopped by the same signal")), 5));
      await expect(abortable(work, controller.signal)).rejects.toBe("SIGTERM");
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
