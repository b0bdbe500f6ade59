import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { spawnCaptured } from "@lastcall/testkit";

const WORKER_MAIN = fileURLToPath(new URL("../../dist/main.js", import.meta.url));

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process has gone. */
  exited(): Promise<number | NodeJS.Signals>;
}

/** The built worker (`dist/main.js`), as `node` runs it in production. */
export function spawnWorker(env: Record<string, string>): WorkerProcess {
  // Logs on: the tests read what the worker says it did.
  const { child, output } = spawnCaptured([WORKER_MAIN], { env: { ...env, LOG_LEVEL: "info" } });
  const exit = once(child, "exit").then(([code, signal]) => (code ?? signal) as number | NodeJS.Signals);
  return { child, output, exited: () => exit };
}
