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

/** A fresh analysis process: it serves requests one at a time until its parent ends it or goes away. */
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
 * A process serves this many analyses at most. The analyzer keeps nothing between analyses, so this
 * only bounds what a leak we do not know of could cost.
 */
const ANALYSES_PER_PROCESS = 100;
/** After an analysis this large the process keeps the heap V8 grew for it; a new one starts small. */
const LARGE_ANALYSIS_FILES = 2_000;

export interface AnalysisChildrenOptions {
  /** V8's old-space cap of each process. */
  maxMemoryMb: number;
  /** How many processes to keep: one per analysis that may run at once (the worker's concurrency). */
  processes?: number;
}

/**
 * The analysis processes of one worker. Loading the analyzer (ts-morph and the TypeScript compiler)
 * takes a fresh process most of a second, several times the analysis of a small repository, so
 * processes are started ahead of need and serve one analysis after another. Isolation holds where it
 * matters: the analyzer reads the repository and never runs it; each analysis runs alone in its
 * process under the memory cap and time limit; a process that failed, timed out or was aborted is
 * killed, never reused, and replaced at once. Idle processes do not keep this process alive, and
 * `close()` ends them.
 */
export class AnalysisChildren {
  readonly #maxMemoryMb: number;
  readonly #processes: number;
  readonly #idle: ChildProcess[] = [];
  /** Pool processes out on an analysis, and how many analyses each has served. */
  readonly #busy = new Set<ChildProcess>();
  readonly #served = new WeakMap<ChildProcess, number>();
  #closed = false;

  constructor(options: AnalysisChildrenOptions) {
    this.#maxMemoryMb = options.maxMemoryMb;
    this.#processes = Math.max(1, options.processes ?? 1);
    this.#topUp();
  }

  /**
   * A process for one analysis: an idle one if one is alive, else a new one. One with another memory
   * cap than the pool's is started for this analysis alone.
   */
  take(maxMemoryMb: number): ChildProcess {
    if (maxMemoryMb !== this.#maxMemoryMb || this.#closed) return forkAnalysisChild(maxMemoryMb);
    let child = this.#idle.pop();
    while (child !== undefined && !usable(child)) child = this.#idle.pop();
    child ??= this.#fork();
    this.#busy.add(child);
    holdOpen(child, true);
    this.#topUp();
    return child;
  }

  /**
   * Gives back a process taken for an analysis. `analyzedFiles` says it answered with a report of
   * that many files; without it the analysis failed and the process is ended.
   */
  release(child: ChildProcess, analyzedFiles?: number): void {
    const pooled = this.#busy.delete(child);
    const served = (this.#served.get(child) ?? 0) + 1;
    this.#served.set(child, served);
    const reuse =
      pooled &&
      !this.#closed &&
      this.#alive() < this.#processes &&
      analyzedFiles !== undefined &&
      analyzedFiles <= LARGE_ANALYSIS_FILES &&
      served < ANALYSES_PER_PROCESS &&
      usable(child);
    if (reuse) {
      this.#park(child);
    } else {
      holdOpen(child, false);
      child.kill("SIGKILL");
      this.#topUp();
    }
  }

  /** Ends the idle processes and waits for them to be gone; those out on an analysis end when released. */
  async close(): Promise<void> {
    this.#closed = true;
    const idle = this.#idle.splice(0).filter((child) => child.exitCode === null && child.signalCode === null);
    await Promise.all(
      idle.map(async (child) => {
        // Held open again, or an otherwise idle process would not wait for the exit it asked for.
        holdOpen(child, true);
        const exited = once(child, "exit");
        child.kill("SIGKILL");
        await exited;
      }),
    );
  }

  /** Starts processes until there are as many as analyses may run at once. */
  #topUp(): void {
    for (let count = this.#alive(); count < this.#processes && !this.#closed; count += 1) {
      this.#park(this.#fork());
    }
  }

  #fork(): ChildProcess {
    const child = forkAnalysisChild(this.#maxMemoryMb);
    // Between analyses nobody else listens: an error of an idle process (its exit) must not end this one.
    child.on("error", () => undefined);
    return child;
  }

  /** How many processes are idle or out on an analysis, forgetting idle ones that died. */
  #alive(): number {
    const idle = this.#idle.filter(usable);
    this.#idle.splice(0, this.#idle.length, ...idle);
    return idle.length + this.#busy.size;
  }

  #park(child: ChildProcess): void {
    holdOpen(child, false);
    // Its stderr stays unread while idle; an idle child writes nothing, and a failed start shows on use.
    child.stderr?.pause();
    this.#idle.push(child);
  }
}
