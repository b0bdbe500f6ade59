import { constants } from "node:os";
import { Command, CommanderError } from "commander";
import { AnalyzeInputError } from "../analyze.js";
import { ConfigError } from "../config/load-config.js";
import { singleLine } from "../format/sanitize.js";
import { ANALYZER_VERSION, RULESET_VERSION } from "../version.js";
import { registerAuditCommand } from "./audit-command.js";
import { type CliIo, type CommandContext, EXIT_OK, EXIT_USAGE } from "./cli-io.js";
import { parseCliEnv } from "./env.js";
import { registerExplainCommand } from "./explain-command.js";
import { InputError } from "./input-error.js";
import { registerRulesCommand } from "./rules-command.js";

/** 128 + the signal's number, the shell convention (130 for SIGINT, 143 for SIGTERM). */
export function exitCodeForSignal(signal: unknown): number {
  const signals: Record<string, number> = constants.signals;
  return 128 + (typeof signal === "string" && signal in signals ? (signals[signal] ?? 2) : constants.signals.SIGINT);
}

function errorExitCode(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  if (io.signal?.aborted) {
    io.stderr.write(`lastcall: interrupted by ${String(io.signal.reason)}\n`);
    return exitCodeForSignal(io.signal.reason);
  }
  const expected = error instanceof InputError || error instanceof ConfigError || error instanceof AnalyzeInputError;
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`lastcall: ${expected ? "" : "unexpected error: "}${singleLine(message)}\n`);
  return EXIT_USAGE;
}

/**
 * The whole CLI as a function of its arguments and IO; returns the exit code instead of exiting
 * so that tests run it in-process and `main` decides how the process ends.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsedEnv = parseCliEnv(io.env);
  if (!parsedEnv.ok) {
    io.stderr.write(`lastcall: ${parsedEnv.message}\n`);
    return EXIT_USAGE;
  }
  let exitCode = EXIT_OK;
  const context: CommandContext = {
    io,
    env: parsedEnv.env,
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const program = new Command("lastcall")
    .description("Scores MCP servers for graceful-shutdown security.")
    .version(`${ANALYZER_VERSION} (rule set ${RULESET_VERSION})`)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  registerAuditCommand(program, context);
  registerRulesCommand(program, context);
  registerExplainCommand(program, context);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    return errorExitCode(error, io);
  }
}
