import { paths } from "../paths.js";
import type { BenchServices } from "./bench-services.js";
import { type NodeProcess, startNodeProcess } from "./node-process.js";

export interface RunningWorkers {
  /**
   * Completed analyses per scan id, from the workers' "scan done" log lines — whether or not that
   * analysis got to store its report: exactly once means 1 each.
   */
  readonly analyses: ReadonlyMap<string, number>;
  stop(): Promise<void>;
}

/** `count` worker processes (`apps/worker/dist/main.js`), as `npm run worker` starts them, each running one scan at a time. */
export async function startWorkers(services: BenchServices, count: number): Promise<RunningWorkers> {
  const analyses = new Map<string, number>();
  const countAnalysis = (line: string) => {
    if (!line.includes('"scan done"')) return;
    const { scanId } = JSON.parse(line) as { scanId?: string };
    if (scanId !== undefined) analyses.set(scanId, (analyses.get(scanId) ?? 0) + 1);
  };
  const workers: NodeProcess[] = [];
  try {
    for (let index = 0; index < count; index++) {
      workers.push(startNodeProcess(paths.worker, { env: services.env, onLine: countAnalysis }));
    }
    await Promise.all(workers.map((worker) => worker.waitForLine(/"worker started"/, 30_000)));
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.stop()));
    throw error;
  }
  return {
    analyses,
    stop: async () => {
      await Promise.all(workers.map((worker) => worker.stop()));
    },
  };
}
