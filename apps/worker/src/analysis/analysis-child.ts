import { AnalyzeInputError, analyze, ConfigError } from "@lastcall/analyzer";
import type { AnalysisMessage, AnalysisRequest } from "./analysis-messages.js";

/**
 * The analysis runs in its own process so that a CPU-heavy parse cannot stall the worker's lock
 * renewal and an out-of-memory crash or a hang costs one scan, not the worker. It serves one
 * request and exits; the parent kills it at its time limit.
 */
const PROGRESS_INTERVAL_MS = 250;

function send(message: AnalysisMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    process.send?.(message, undefined, undefined, (error) => (error ? reject(error) : resolve()));
  });
}

async function serve(request: AnalysisRequest): Promise<void> {
  let lastProgress = 0;
  try {
    const report = await analyze(request.dir, {
      commit: request.commit,
      displayPath: request.displayPath,
      onProgress: (filesDone, filesTotal) => {
        const now = Date.now();
        if (now - lastProgress < PROGRESS_INTERVAL_MS && filesDone < filesTotal) return;
        lastProgress = now;
        void send({ type: "progress", filesDone, filesTotal });
      },
    });
    await send({ type: "report", report });
  } catch (error) {
    // The repository's own fault (a broken .lastcall.json, say): the scan fails with the reason.
    if (error instanceof AnalyzeInputError || error instanceof ConfigError) await send({ type: "rejected", message: error.message });
    else throw error;
  }
  process.disconnect?.();
}

process.once("message", (request: AnalysisRequest) => {
  serve(request).catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  });
});
// The parent owns this process's life: when it goes away, so does the analysis.
process.once("disconnect", () => process.exit(0));
