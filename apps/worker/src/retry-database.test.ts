import { describe, expect, it, vi } from "vitest";
import { retryWhileDatabaseUnavailable } from "./retry-database.js";

/** The shape of Prisma's error for a connection the server closed (see isDatabaseUnavailable). */
function connectionClosed(): Error {
  return Object.assign(new Error("Server has closed the connection."), { name: "PrismaClientKnownRequestError", code: "P1017" });
}

describe("retryWhileDatabaseUnavailable", () => {
  it("tries again while the database is unavailable, then returns the result", async () => {
    const operation = vi.fn<() => Promise<string>>().mockRejectedValueOnce(connectionClosed()).mockRejectedValueOnce(connectionClosed());
    operation.mockResolvedValue("stored");
    const retries: Array<[number, number]> = [];
    const result = await retryWhileDatabaseUnavailable(operation, {
      delaysMs: [1, 2, 3],
      onRetry: (_error, retry, delayMs) => retries.push([retry, delayMs]),
    });
    expect(result).toBe("stored");
    expect(operation).toHaveBeenCalledTimes(3);
    expect(retries).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it("gives up after the last delay with the database's error", async () => {
    const error = connectionClosed();
    const operation = vi.fn<() => Promise<void>>().mockRejectedValue(error);
    await expect(retryWhileDatabaseUnavailable(operation, { delaysMs: [1, 1] })).rejects.toBe(error);
    expect(operation).toHaveBeenCalledTimes(3);
  });

  it("does not retry other failures", async () => {
    const error = new Error("unique constraint failed");
    const operation = vi.fn<() => Promise<void>>().mockRejectedValue(error);
    await expect(retryWhileDatabaseUnavailable(operation, { delaysMs: [1] })).rejects.toBe(error);
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it("stops waiting when aborted", async () => {
    const controller = new AbortController();
    const operation = vi.fn<() => Promise<void>>().mockRejectedValue(connectionClosed());
    const pending = retryWhileDatabaseUnavailable(operation, { delaysMs: [60_000], signal: controller.signal });
    controller.abort(new Error("worker shutting down"));
    await expect(pending).rejects.toThrow("worker shutting down");
  });
});
