import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import type { Socket } from "node:net";

/**
 * When running from TypeScript sources (the tests), the child needs a loader for its `.ts` file;
 * the built worker forks plain JavaScript.
 */
function childModule(): { path: URL; execArgv: string[] } {
  const path = new URL(import.meta.url.endsWith(".ts") ? "./analysis-child.ts" : "./analysis-child.js", import.meta.url);
  return { path, execArgv: import.meta.url.endsWith(".ts") ? ["--import", "tsx"] : [] };
}

/** A fresh analysis process, which serves one request and exits. */
export function forkAnalysisChild(maxMemoryMb: number): ChildProcess {
  const { path, execArgv } = childModule();
  // Only what Node needs: the child must not inherit the worker's database or Redis credentials.
  return fork(path, [], {
    execArgv: [...execArgv, `--max-old-space-size=${maxMemoryMb}`],
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    serialization: "advanced",
  });
}

function usable(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null && child.connected;
}

/** Whether the child (its process, IPC channel and stderr pipe) keeps this process's event loop alive. */
function holdOpen(child: ChildProcess, hold: boolean): void {
  // stderr is a pipe, which Node makes a net.Socket: unref-able like one.
  const stderr = child.stderr as Socket | null;
  if (hold) {
    child.ref();
    child.channel?.ref();
    stderr?.ref();
  } else {
    child.unref();
    child.channel?.unref();
    stderr?.unref();
  }
}

/**
 * One analysis process started ahead of need: loading the analyzer takes a fresh process about a third
 * of a second, most of a small repository's analysis. Each scan still gets a process no scan has used
 * (a spare serves one request, like any child); taking the spare starts the next one. An idle spare
 * does not keep this process alive, and `close()` ends it.
 */
export class AnalysisChildren {
  readonly #maxMemoryMb: number;
  #spare: ChildProcess | undefined;
  #closed = false;

  constructor(options: { maxMemoryMb: number }) {
    this.#maxMemoryMb = options.maxMemoryMb;
    this.#spare = this.#startSpare();
  }

  /** A process for one analysis: the spare if it is still alive (and has this memory cap), else a new one. */
  take(maxMemoryMb: number): ChildProcess {
    const spare = this.#spare;
    this.#spare = this.#closed ? undefined : this.#startSpare();
    if (spare !== undefined && usable(spare) && maxMemoryMb === this.#maxMemoryMb) {
      holdOpen(spare, true);
      return spare;
    }
    spare?.kill("SIGKILL");
    return forkAnalysisChild(maxMemoryMb);
  }

  /** Ends the spare and waits for it to be gone; analyses running in children already taken are their callers' to end. */
  async close(): Promise<void> {
    this.#closed = true;
    const spare = this.#spare;
    this.#spare = undefined;
    if (spare === undefined || spare.exitCode !== null || spare.signalCode !== null) return;
    // Held open again, or an otherwise idle process would not wait for the exit it asked for.
    holdOpen(spare, true);
    const exited = once(spare, "exit");
    spare.kill("SIGKILL");
    await exited;
  }

  #startSpare(): ChildProcess {
    const child = forkAnalysisChild(this.#maxMemoryMb);
    holdOpen(child, false);
    // Its stderr stays unread until it is taken; an idle child writes nothing, and a failed start shows on use.
    child.stderr?.pause();
    child.on("error", () => undefined);
    return child;
  }
}
