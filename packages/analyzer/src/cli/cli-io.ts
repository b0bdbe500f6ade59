import type { CliEnv } from "./env.js";

/** Where the CLI writes; `process.stdout`/`process.stderr` in production, string collectors in tests. */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** Everything the CLI takes from its process, so that it can run in-process under test. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM (with the signal's name as reason): stop, clean up, return. */
  signal?: AbortSignal;
}

export interface CommandContext {
  io: CliIo;
  env: CliEnv;
  setExitCode(code: number): void;
}

export const EXIT_OK = 0;
/** The score is below `--fail-under`. */
export const EXIT_BELOW_THRESHOLD = 1;
/** Bad usage or input: unknown option, bad URL, missing directory, failed clone, bad config. */
export const EXIT_USAGE = 2;
