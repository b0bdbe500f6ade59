import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { FetchError, fetchGithubRepo } from "@lastcall/git-fetch";
import { type Command, InvalidArgumentError, Option } from "commander";
import { analyze } from "../analyze.js";
import { formatReport, REPORT_FORMATS, type ReportFormat } from "../format/index.js";
import { singleLine } from "../format/sanitize.js";
import type { Report } from "../report.js";
import { allRules } from "../rules/index.js";
import { abortable } from "./abortable.js";
import { resolveAuditTarget } from "./audit-target.js";
import { type CommandContext, EXIT_BELOW_THRESHOLD, EXIT_OK } from "./cli-io.js";
import { InputError } from "./input-error.js";
import { createProgress } from "./progress.js";

export interface AuditOptions {
  format: ReportFormat;
  output?: string;
  failUnder?: number;
  config?: string;
}

function parseScore(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) > 100) throw new InvalidArgumentError("expected a number from 0 to 100.");
  return Number(value);
}

function summary(report: Report): string {
  return report.scored ? `score ${report.score}/100 (grade ${report.grade})` : `not scored (${singleLine(report.notScoredReason ?? "")})`;
}

/** 0, or 1 when the score is below the bar. A project that is not scored is not below it. */
function thresholdExitCode(report: Report, failUnder: number | undefined, context: CommandContext): number {
  if (failUnder === undefined) return EXIT_OK;
  if (!report.scored || report.score === null) {
    context.io.stderr.write(`lastcall: ${summary(report)}; --fail-under ${failUnder} does not apply\n`);
    return EXIT_OK;
  }
  if (report.score < failUnder) {
    context.io.stderr.write(`lastcall: score ${report.score} is below --fail-under ${failUnder}\n`);
    return EXIT_BELOW_THRESHOLD;
  }
  return EXIT_OK;
}

/** `lastcall audit <dir | url>`: analyze, print or write the report, apply `--fail-under`. */
export async function runAudit(input: string, options: AuditOptions, context: CommandContext): Promise<number> {
  const { io, env } = context;
  const target = await resolveAuditTarget(input, { cwd: io.cwd, server: env.githubServer });
  const configPath = options.config === undefined ? undefined : resolve(io.cwd, options.config);
  const progress = createProgress(io.stderr);

  const analyzeDir = (dir: string, recorded: { commit?: string; displayPath?: string } = {}) =>
    abortable(
      analyze(dir, { configPath, ...recorded, onProgress: progress?.update, ...(io.signal ? { signal: io.signal } : {}) }),
      io.signal,
    );

  let report: Report;
  try {
    if (target.kind === "directory") {
      report = await analyzeDir(target.dir);
    } else {
      progress?.status(`cloning ${target.repo.webUrl}`);
      const fetchOptions = { server: env.githubServer, tempRoot: env.tempRoot, gitEnv: env.gitEnv, signal: io.signal };
      report = await fetchGithubRepo(target.repo, fetchOptions, (checkout) =>
        analyzeDir(checkout.dir, { commit: checkout.commit, displayPath: target.repo.webUrl }),
      ).catch((error: unknown) => {
        // Whatever its code, a fetch that failed is a problem with what the user asked for: one line, exit code 2.
        throw error instanceof FetchError ? new InputError(error.message, { cause: error }) : error;
      });
    }
  } finally {
    progress?.clear();
  }

  const color = options.output === undefined && io.stdout.isTTY === true && !env.noColor;
  const formatted = formatReport(report, options.format, { rules: allRules, color });
  if (options.output === undefined) {
    io.stdout.write(formatted);
  } else {
    await writeFile(resolve(io.cwd, options.output), formatted).catch((error: NodeJS.ErrnoException) => {
      throw new InputError(`cannot write ${options.output}: ${error.code ?? error.message}`);
    });
    io.stderr.write(`lastcall: ${summary(report)}; ${options.format} report written to ${options.output}\n`);
  }
  return thresholdExitCode(report, options.failUnder, context);
}

export function registerAuditCommand(program: Command, context: CommandContext): void {
  program
    .command("audit")
    .description("audit a directory or a GitHub repository for graceful-shutdown security")
    .argument("<target>", "a directory, https://github.com/OWNER/REPO[/tree/REF[/SUBDIR]] or OWNER/REPO")
    .addOption(new Option("--format <format>", "report format").choices(REPORT_FORMATS).default("text"))
    .option("--output <file>", "write the report to this file instead of stdout")
    .option("--fail-under <score>", "exit with 1 when the score is below this (0-100)", parseScore)
    .option("--config <file>", "config file to use instead of the target's .lastcall.json")
    .action(async (input: string, options: AuditOptions) => {
      context.setExitCode(await runAudit(input, options, context));
    });
}
