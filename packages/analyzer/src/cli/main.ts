#!/usr/bin/env node
import process from "node:process";
import { exitCodeForSignal, runCli } from "./run-cli.js";

/** Cleanup (killing git, removing a clone) normally takes well under a second; never hang on it. */
const CLEANUP_DEADLINE_MS = 5000;

const interrupted = new AbortController();

function onSignal(signal: NodeJS.Signals): void {
  // A second signal means the user will not wait for cleanup.
  if (interrupted.signal.aborted) process.exit(exitCodeForSignal(signal));
  interrupted.abort(signal);
  setTimeout(() => process.exit(exitCodeForSignal(signal)), CLEANUP_DEADLINE_MS).unref();
}

process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

const exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: interrupted.signal,
});
process.exitCode = exitCode;
// Cleanup has been awaited by now; the analysis it abandoned cannot be cancelled and would keep
// the process alive until it finished.
if (interrupted.signal.aborted) process.exit(exitCode);
