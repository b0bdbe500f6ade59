import { runCli } from "../cli/run-cli.js";

export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CaptureOptions {
  /** The CLI's whole environment; default only PATH, so that the caller's settings do not leak in. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  stdoutIsTTY?: boolean;
  stderrIsTTY?: boolean;
  signal?: AbortSignal;
}

/** Runs the CLI in-process and collects what it writes. */
export async function runCliCaptured(argv: string[], options: CaptureOptions = {}): Promise<CapturedRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: options.stdoutIsTTY ?? false },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: options.stderrIsTTY ?? false },
    env: options.env ?? { PATH: process.env.PATH },
    cwd: options.cwd ?? process.cwd(),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { code, stdout, stderr };
}
