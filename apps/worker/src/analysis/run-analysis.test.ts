import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { ScanFailure } from "../scan-failure.js";
import { AnalysisChildren } from "./analysis-children.js";
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

/** This process's analysis children still running. */
function analysisChildPids(): string[] {
  const listing = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], { encoding: "utf8" });
  return listing
    .split("\n")
    .filter((line) => line.includes("analysis-child"))
    .map((line) => line.trim().split(" ")[0] ?? "");
}

describe("runAnalysis with the worker's analysis processes", () => {
  const newPids = (before: string[]) => analysisChildPids().filter((pid) => !before.includes(pid));
  /** The analysis of `request` in `children`, with limits it stays well within unless a test lowers them. */
  const analyzeIn = (children: AnalysisChildren, limits: { timeoutMs?: number; maxMemoryMb?: number } = {}, dir = request.dir) =>
    runAnalysis({ ...request, dir }, { timeoutMs: 60_000, maxMemoryMb: 512, ...limits, children });

  it("serves one analysis after another in the same process, and leaves none behind once closed", async () => {
    const before = analysisChildPids();
    const children = new AnalysisChildren({ maxMemoryMb: 512 });
    try {
      const first = await analyzeIn(children);
      const [pid] = newPids(before);
      const second = await analyzeIn(children);
      expect(second.score).toBe(first.score);
      expect(second.findings).toEqual(first.findings);
      expect(newPids(before)).toEqual([pid]);
    } finally {
      await children.close();
    }
    await vi.waitFor(() => expect(newPids(before)).toEqual([]));
  });

  it("keeps one process per analysis that may run at once", async () => {
    const before = analysisChildPids();
    const children = new AnalysisChildren({ maxMemoryMb: 512, processes: 2 });
    try {
      const reports = await Promise.all([1, 2, 3].map(() => analyzeIn(children)));
      expect(new Set(reports.map((report) => report.score)).size).toBe(1);
      // The third analysis had a process of its own while the two pooled ones were busy; it was not kept.
      await vi.waitFor(() => expect(newPids(before)).toHaveLength(2));
    } finally {
      await children.close();
    }
  });

  it("never reuses a process whose analysis failed, and replaces it at once", async () => {
    const before = analysisChildPids();
    const children = new AnalysisChildren({ maxMemoryMb: 512 });
    try {
      await analyzeIn(children);
      const [used] = newPids(before);
      const failure = await analyzeIn(children, { timeoutMs: 1 }).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: "analysis_timeout" });
      const [replacement] = newPids(before);
      expect(replacement).toBeDefined();
      expect(replacement).not.toBe(used);
      expect((await analyzeIn(children)).scored).toBe(true);
      expect(newPids(before)).toEqual([replacement]);
    } finally {
      await children.close();
    }
  });

  it("keeps serving after an analysis the analyzer rejected", async () => {
    const before = analysisChildPids();
    const children = new AnalysisChildren({ maxMemoryMb: 512 });
    try {
      const failure = await analyzeIn(children, {}, `${FIXTURE}/does-not-exist`).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: "analysis_failed" });
      const [pid] = newPids(before);
      expect((await analyzeIn(children)).scored).toBe(true);
      expect(newPids(before)).toEqual([pid]);
    } finally {
      await children.close();
    }
  });

  it("replaces a process that died while idle, and starts one of its own for another memory cap", async () => {
    const children = new AnalysisChildren({ maxMemoryMb: 512 });
    try {
      const dead = children.take(512);
      children.release(dead, 1);
      dead.kill("SIGKILL");
      await once(dead, "exit");
      expect((await analyzeIn(children)).scored).toBe(true);
      const failure = await analyzeIn(children, { maxMemoryMb: 8 }).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: "analysis_out_of_memory" });
      expect((await analyzeIn(children)).scored).toBe(true);
    } finally {
      await children.close();
    }
  });

  it("does not keep its process alive while its analysis processes wait, and waits for their end on close", () => {
    const run = (body: string) =>
      execFileSync(
        process.execPath,
        [
          "--import",
          "tsx",
          "--input-type=module",
          "-e",
          `import { AnalysisChildren } from ${JSON.stringify(new URL("./analysis-children.ts", import.meta.url).href)};
          const children = new AnalysisChildren({ maxMemoryMb: 256 }); ${body}`,
        ],
        { encoding: "utf8", timeout: 20_000 },
      ).trim();
    expect(run(`console.log("started");`)).toBe("started");
    // Nothing else holds the process open: an unsettled close would end it with exit code 13 and no output.
    expect(run(`await children.close(); console.log("closed");`)).toBe("closed");
  });
});
