import { AnalyzeInputError, analyze, ConfigError } from "@lastcall/analyzer";
import type { AnalysisMessage, AnalysisRequest } from "./analysis-messages.js";

/**
 * The analysis runs in its own process so that a CPU-heavy parse cannot stall the worker's lock
 * renewal and an out-of-memory crash or a hang costs one scan, not the worker. It serves requests
 * one at a time, for as long as its parent keeps it (which kills it at a time limit); it keeps
 * nothing from one analysis to the next.
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
}

// The parent sends the next request only once this one is answered; the chain keeps them in order regardless.
let serving = Promise.resolve();
process.on("message", (request: AnalysisRequest) => {
  serving = serving
    .then(() => serve(request))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    });
});
// The parent owns this process's life: when it goes away, so does the analysis.
process.once("disconnect", () => process.exit(0));
