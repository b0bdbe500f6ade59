import type { Report } from "@lastcall/analyzer";
import { ScanFailure } from "../scan-failure.js";
import { type AnalysisChildren, forkAnalysisChild } from "./analysis-children.js";
import type { AnalysisMessage, AnalysisRequest } from "./analysis-messages.js";

export interface RunAnalysisOptions {
  timeoutMs: number;
  /** V8's old-space cap for the child: past it the child dies, not the worker. */
  maxMemoryMb: number;
  onProgress?: (filesDone: number, filesTotal: number) => void;
  /** Aborting kills the child and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Where a process started ahead of need comes from; without it, one is started now. */
  children?: AnalysisChildren;
}

const STDERR_TAIL_BYTES = 4096;
const OUT_OF_MEMORY = /heap out of memory|Reached heap limit|Allocation failed/;

/** Analyzes `request.dir` in a child process with a memory cap and a time limit. */
export function runAnalysis(request: AnalysisRequest, options: RunAnalysisOptions): Promise<Report> {
  return new Promise<Report>((resolve, reject) => {
    const child = options.children?.take(options.maxMemoryMb) ?? forkAnalysisChild(options.maxMemoryMb);
    let stderr = "";
    let settled: { report: Report } | { failure: unknown } | undefined;
    child.stderr
      ?.setEncoding("utf8")
      .resume()
      .on("data", (chunk: string) => {
        stderr = (stderr + chunk).slice(-STDERR_TAIL_BYTES);
      });
    const stop = (outcome: { failure: unknown }) => {
      settled ??= outcome;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(
      () => stop({ failure: new ScanFailure("analysis_timeout", `the analysis did not finish within ${options.timeoutMs / 1000} s`) }),
      options.timeoutMs,
    );
    const onAbort = () => stop({ failure: options.signal?.reason });
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener("abort", onAbort, { once: true });

    child.on("message", (message: AnalysisMessage) => {
      if (message.type === "progress") options.onProgress?.(message.filesDone, message.filesTotal);
      else if (message.type === "report") settled ??= { report: message.report };
      else settled ??= { failure: new ScanFailure("analysis_failed", message.message) };
    });
    child.on("error", (error) => stop({ failure: error }));
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      if (settled !== undefined && "report" in settled) resolve(settled.report);
      else if (settled !== undefined) reject(settled.failure);
      else if (OUT_OF_MEMORY.test(stderr)) {
        reject(new ScanFailure("analysis_out_of_memory", `the analysis exceeded its ${options.maxMemoryMb} MB memory limit`));
      } else {
        const how = signal === null ? `exit code ${code}` : `signal ${signal}`;
        const detail = stderr.trim().split("\n").at(-1)?.slice(0, 300) ?? "";
        reject(new ScanFailure("analysis_crashed", `the analyzer stopped with ${how}${detail === "" ? "" : `: ${detail}`}`));
      }
    });
    child.send(request);
  });
}
