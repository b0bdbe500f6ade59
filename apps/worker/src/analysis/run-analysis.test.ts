import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ScanFailure } from "../scan-failure.js";
import { runAnalysis } from "./run-analysis.js";

const FIXTURE = fileURLToPath(new URL("../../../../packages/analyzer/test/fixtures/model-server-stdio-and-http", import.meta.url));
const request = { dir: FIXTURE, commit: "0".repeat(40), displayPath: "https://github.com/acme/server" };

describe("runAnalysis", () => {
  it("analyzes in a child process and reports progress", async () => {
    const progress: Array<[number, number]> = [];
    const report = await runAnalysis(request, {
      timeoutMs: 60_000,
      maxMemoryMb: 512,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(report.target).toEqual({ path: "https://github.com/acme/server", commit: "0".repeat(40) });
    expect(report.scored).toBe(true);
    expect(report.rules.length).toBe(20);
    expect(progress.at(-1)).toEqual([report.stats.parsed, report.stats.parsed]);
  });

  it("fails with analysis_timeout and kills the child at the time limit", async () => {
    const failure = await runAnalysis(request, { timeoutMs: 50, maxMemoryMb: 512 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ScanFailure);
    expect(failure).toMatchObject({ code: "analysis_timeout", permanent: true });
  });

  it("fails with analysis_out_of_memory when the child exceeds its memory cap", async () => {
    const failure = await runAnalysis(request, { timeoutMs: 60_000, maxMemoryMb: 8 }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "analysis_out_of_memory", message: "the analysis exceeded its 8 MB memory limit" });
  });

  it("fails with analysis_failed when the analyzer rejects the input", async () => {
    const failure = await runAnalysis({ ...request, dir: `${FIXTURE}/does-not-exist` }, { timeoutMs: 60_000, maxMemoryMb: 512 }).catch(
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: "analysis_failed" });
    expect((failure as Error).message).toContain("not a directory");
  });

  it("rejects with the abort reason when aborted", async () => {
    const controller = new AbortController();
    const running = runAnalysis(request, { timeoutMs: 60_000, maxMemoryMb: 512, signal: controller.signal });
    controller.abort(new Error("shutting down"));
    await expect(running).rejects.toThrow("shutting down");
  });
});
