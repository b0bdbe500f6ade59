import { type ChildProcessByStdio, spawn } from "node:child_process";
import type { Readable } from "node:stream";

export interface CapturedProcess {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  /** Everything the process wrote so far, stdout and stderr interleaved in the order they arrived. */
  output(): string;
}

/**
 * `node <args>` with stdin closed and its output collected, for tests that assert what a process
 * said. The environment is exactly `env`: nothing of the test runner's leaks in.
 */
export function spawnCaptured(args: readonly string[], options: { env: Record<string, string>; cwd?: string }): CapturedProcess {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk: string) => {
    output += chunk;
  };
  child.stdout.setEncoding("utf8").on("data", collect);
  child.stderr.setEncoding("utf8").on("data", collect);
  return { child, output: () => output };
}
