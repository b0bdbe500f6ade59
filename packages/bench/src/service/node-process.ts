import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { closeOnExit } from "../cleanup.js";

const OUTPUT_TAIL_CHARS = 64 * 1024;
const STOP_GRACE_MS = 15_000;

export interface NodeProcess {
  readonly child: ChildProcess;
  /** The last 64 KiB the process printed (a server under load logs a lot; the tail says why it died). */
  output(): string;
  /** Resolves with the first line of output that matches, or rejects when the process exits first or time runs out. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** SIGTERM, then SIGKILL if it has not exited after a grace period. Idempotent. */
  stop(): Promise<void>;
}

/**
 * A Node script as a service process: output collected, lines handed to `onLine` (the worker's
 * JSON log lines are how the benchmark counts analyses), stopped the way an orchestrator would.
 */
export function startNodeProcess(
  script: string,
  options: { nodeArgs?: string[]; cwd?: string; env: Record<string, string>; onLine?: (line: string) => void },
): NodeProcess {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script], {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const waiters = new Set<(line: string) => void>();
  // One line buffer per stream: a chunk of stderr must not end up in the middle of a stdout line.
  const lineReader = () => {
    let partial = "";
    return (chunk: string) => {
      output = (output + chunk).slice(-OUTPUT_TAIL_CHARS);
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        options.onLine?.(line);
        for (const waiter of waiters) waiter(line);
      }
    };
  };
  child.stdout?.setEncoding("utf8").on("data", lineReader());
  child.stderr?.setEncoding("utf8").on("data", lineReader());
  // "close", not "exit": by then every line the process printed has been handed to onLine.
  const closed = once(child, "close");

  let stopping: Promise<void> | undefined;
  const stop = closeOnExit(() => {
    stopping ??= (async () => {
      const running = child.exitCode === null && child.signalCode === null;
      if (running) child.kill("SIGTERM");
      const killer = running ? setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS) : undefined;
      await closed;
      clearTimeout(killer);
    })();
    return stopping;
  });
  return {
    child,
    output: () => output,
    waitForLine(pattern, timeoutMs) {
      return new Promise<string>((resolve, reject) => {
        const done = (outcome: () => void) => {
          waiters.delete(onLine);
          clearTimeout(timer);
          child.off("exit", onExit);
          outcome();
        };
        const onLine = (line: string) => {
          if (pattern.test(line)) done(() => resolve(line));
        };
        const onExit = (code: number | null) => done(() => reject(new Error(`${script} exited with ${code}:\n${output}`)));
        const timer = setTimeout(
          () => done(() => reject(new Error(`${script}: no line matching ${pattern} within ${timeoutMs} ms:\n${output}`))),
          timeoutMs,
        );
        waiters.add(onLine);
        child.once("exit", onExit);
      });
    },
    stop,
  };
}
