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
  /** The worker's analysis processes; without them, one is started for this analysis and ended after it. */
  children?: AnalysisChildren;
}

const STDERR_TAIL_BYTES = 4096;
const OUT_OF_MEMORY = /heap out of memory|Reached heap limit|Allocation failed/;

/**
 * Analyzes `request.dir` in a child process with a memory cap and a time limit: a pooled one given
 * back once it has answered, or one of its own that is ended then.
 */
export function runAnalysis(request: AnalysisRequest, options: RunAnalysisOptions): Promise<Report> {
  return new Promise<Report>((resolve, reject) => {
    const pool = options.children;
    const child = pool?.take(options.maxMemoryMb) ?? forkAnalysisChild(options.maxMemoryMb);
    let stderr = "";
    let failure: { reason: unknown } | undefined;
    const onStderr = (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL_BYTES);
    };
    child.stderr?.setEncoding("utf8").resume().on("data", onStderr);

    /** Detaches this analysis from the child; `analyzedFiles` says it answered, so it may serve again. */
    const finish = (analyzedFiles?: number) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      child.off("message", onMessage).off("error", onError).off("close", onClose);
      child.stderr?.off("data", onStderr);
      if (pool !== undefined) pool.release(child, analyzedFiles);
      else child.kill("SIGKILL");
    };
    /** Kills the child; the failure is reported once it has closed, its stderr read to the end. */
    const stop = (reason: unknown) => {
      failure ??= { reason };
      child.kill("SIGKILL");
    };
    const timer = setTimeout(
      () => stop(new ScanFailure("analysis_timeout", `the analysis did not finish within ${options.timeoutMs / 1000} s`)),
      options.timeoutMs,
    );
    const onAbort = () => stop(options.signal?.reason);
    const onError = (error: Error) => stop(error);
    const onMessage = (message: AnalysisMessage) => {
      if (failure !== undefined) return;
      if (message.type === "progress") {
        options.onProgress?.(message.filesDone, message.filesTotal);
      } else if (message.type === "report") {
        finish(message.report.stats.files);
        resolve(message.report);
      } else {
        finish(0);
        reject(new ScanFailure("analysis_failed", message.message));
      }
    };
    const onClose = (code: number | null, signal: NodeJS.Signals | null) => {
      finish();
      if (failure !== undefined) reject(failure.reason);
      else if (OUT_OF_MEMORY.test(stderr)) {
        reject(new ScanFailure("analysis_out_of_memory", `the analysis exceeded its ${options.maxMemoryMb} MB memory limit`));
      } else {
        const how = signal === null ? `exit code ${code}` : `signal ${signal}`;
        const detail = stderr.trim().split("\n").at(-1)?.slice(0, 300) ?? "";
        reject(new ScanFailure("analysis_crashed", `the analyzer stopped with ${how}${detail === "" ? "" : `: ${detail}`}`));
      }
    };
    child.on("message", onMessage).on("error", onError).on("close", onClose);
    if (options.signal?.aborted) onAbort();
    else {
      options.signal?.addEventListener("abort", onAbort, { once: true });
      child.send(request);
    }
  });
}
