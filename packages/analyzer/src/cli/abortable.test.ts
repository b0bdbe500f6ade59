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
});
