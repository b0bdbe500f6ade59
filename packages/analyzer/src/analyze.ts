import { stat } from "node:fs/promises";
import path from "node:path";
import type { LastcallConfig } from "./config/config-schema.js";
import { loadConfig } from "./config/load-config.js";
import { loadProjectConfig } from "./config/load-project-config.js";
import { isDeploymentFileCandidate, readDeployment } from "./deploy/read-deployment.js";
import { collectFiles } from "./files/collect-files.js";
import { parseSource } from "./files/parse-source.js";
import { buildProjectModel } from "./model/build-project-model.js";
import { collectModuleFacts } from "./model/collect-module-facts.js";
import type { PackageManifest } from "./model/find-entry-points.js";
import type { ModuleFacts } from "./model/module-facts.js";
import { splitUnits } from "./model/split-units.js";
import type { ProjectModel } from "./model/types.js";
import type { Finding, Outcome, ParseError, Report } from "./report.js";
import { SCHEMA_VERSION } from "./report.js";
import { allRules } from "./rules/index.js";
import { type RuleRun, runRules } from "./rules/run-rules.js";
import { scoreRules } from "./scoring/score-report.js";
import { type InlineSuppressions, parseInlineSuppressions } from "./suppressions/parse-inline-suppressions.js";
import { ANALYZER_VERSION, RULESET_VERSION, TOOL_NAME } from "./version.js";

export interface AnalyzeOptions {
  /** A config file to use instead of the target's `.lastcall.json`; it must exist. */
  configPath?: string;
  /** Recorded in the report's target. */
  commit?: string;
  /** Shown instead of the directory in the report's target (e.g. the repository URL). */
  displayPath?: string;
  onProgress?: (done: number, total: number) => void;
  /** Stops the analysis between files (the CLI on SIGINT/SIGTERM); the promise rejects with the reason. */
  signal?: AbortSignal;
}

/** Files parsed between two turns of the event loop, so that signals and timers are served during a long scan. */
const FILES_PER_TURN = 64;

export class AnalyzeInputError extends Error {
  override readonly name = "AnalyzeInputError";
}

/** Analyzes a directory: collect → parse → model → rules → score (ANALYZER.md). Never runs the code. */
export async function analyze(dir: string, options: AnalyzeOptions = {}): Promise<Report> {
  const started = performance.now();
  const root = path.resolve(dir);
  const rootStats = await stat(root).catch(() => undefined);
  if (!rootStats?.isDirectory()) throw new AnalyzeInputError(`not a directory: ${dir}`);
  const { config, note: configNote } =
    options.configPath === undefined ? await loadProjectConfig(root) : { config: await loadConfig(options.configPath, true) };

  const files = await collectFiles(root, {
    ignore: config.ignore,
    // Shell scripts are read so that a Dockerfile's entry script can be judged (SD016).
    wantOther: (file) => file.endsWith("package.json") || file.endsWith(".sh") || isDeploymentFileCandidate(file),
  });
  const parseErrors: ParseError[] = [];
  const modules = new Map<string, ModuleFacts>();
  const suppressions = new Map<string, InlineSuppressions>();
  const notes = [...(configNote === undefined ? [] : [configNote]), ...files.notes];
  for (const [index, source] of files.sources.entries()) {
    if (index % FILES_PER_TURN === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      options.signal?.throwIfAborted();
    }
    try {
      const parsed = parseSource(source.file, source.text);
      for (const error of parsed.errors) parseErrors.push({ file: source.file, line: error.line, message: error.message });
      const facts = collectModuleFacts(source.file, parsed.sourceFile);
      if (facts.tooDeep) notes.push(`${source.file}: nesting deeper than the analyzer follows; the deepest parts were not analyzed.`);
      modules.set(source.file, facts);
    } catch (error) {
      // The compiler's recursive parser can overflow on pathological nesting: that file is reported, the scan goes on.
      parseErrors.push({
        file: source.file,
        message: error instanceof RangeError ? "nesting too deep to parse" : (error as Error).message,
      });
    }
    suppressions.set(source.file, parseInlineSuppressions(source.text));
    options.onProgress?.(index + 1, files.sources.length);
  }
  for (const other of files.others) suppressions.set(other.file, parseInlineSuppressions(other.text));
  for (const [file, parsed] of suppressions) {
    for (const line of parsed.missingReason) notes.push(`${file}:${line}: lastcall-ignore without "-- reason" is not applied.`);
  }

  const othersByPath = new Map(files.others.map((other) => [other.file, other.text]));
  const packages: PackageManifest[] = [];
  for (const other of files.others) {
    if (!other.file.endsWith("package.json")) continue;
    try {
      packages.push({ dir: path.posix.dirname(other.file).replace(/^\.$/, ""), json: JSON.parse(other.text) });
    } catch (error) {
      parseErrors.push({ file: other.file, message: `invalid JSON: ${(error as Error).message}` });
    }
  }
  const deployment = readDeployment(
    files.others.filter((other) => isDeploymentFileCandidate(other.file)).map((other) => ({ path: other.file, text: other.text })),
    (file) => othersByPath.get(file),
  );
  for (const error of deployment.parseErrors) parseErrors.push(error);

  options.signal?.throwIfAborted();
  const model = buildProjectModel({ root, modules, packages, deployment, config });
  const units = splitUnits(
    model,
    packages.map((manifest) => manifest.dir),
  );
  const judged = (units ?? [{ dir: "", model }]).map((unit) => ({
    dir: unit.dir,
    model: unit.model,
    ...judge(unit.model, config, suppressions),
  }));
  // The project scores as its weakest unit (ANALYZER.md, monorepos).
  const worst = judged.reduce((lowest, unit) => (unit.score.score < lowest.score.score ? unit : lowest));
  const { runs, score } = worst;
  const scored = modules.size > 0;
  const findings = dedupeFindings(judged.flatMap((unit) => unit.runs.flatMap((run) => run.findings)));

  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: ANALYZER_VERSION, rulesetVersion: RULESET_VERSION },
    target: { path: options.displayPath ?? dir, ...(options.commit ? { commit: options.commit } : {}) },
    scored,
    score: scored ? score.score : null,
    grade: scored ? score.grade : null,
    coverage: scored ? score.coverage : 0,
    gates: scored ? score.gates : [],
    categories: score.categories.map((category) => (scored ? category : { ...category, score: null })),
    rules: runs.map((run, index) => {
      const { outcome, reason } = combineOutcomes(
        judged.map((unit) => ({ dir: unit.dir, run: unit.runs[index] ?? run })),
        units !== undefined,
      );
      return {
        id: run.rule.meta.id,
        name: run.rule.meta.name,
        category: run.rule.meta.category,
        severity: run.severity,
        outcome,
        ...(reason ? { reason } : {}),
        points: scored ? (score.pointsByRule.get(run.rule.meta.id) ?? 0) : 0,
      };
    }),
    findings,
    entryPoints: model.entryPoints.map((entry) => ({ file: entry.file, profiles: entry.profiles, reason: entry.reasons.join("; ") })),
    ...(config.minScore === undefined ? {} : { policy: { minScore: config.minScore } }),
    stats: {
      files: files.sources.length + files.skipped.length,
      parsed: modules.size,
      skipped: files.skipped,
      parseErrors,
      notes,
      durationMs: Math.round(performance.now() - started),
    },
  };
  if (!scored) report.notScoredReason = "no JavaScript or TypeScript sources found";
  if (scored && units) {
    report.units = judged.map((unit) => ({
      path: unit.dir || ".",
      entryPoints: unit.model.entryPoints.map((entry) => entry.file),
      score: unit.score.score,
      grade: unit.score.grade,
      coverage: unit.score.coverage,
      gates: unit.score.gates.map((gate) => gate.id),
    }));
  }
  return report;
}

function judge(model: ProjectModel, config: LastcallConfig, suppressions: Map<string, InlineSuppressions>) {
  const runs = runRules(allRules, model, config, suppressions);
  const score = scoreRules(
    runs.map((run) => ({
      id: run.rule.meta.id,
      category: run.rule.meta.category,
      severity: run.severity,
      outcome: run.outcome,
      findings: run.findings.filter((finding) => !finding.suppressed),
    })),
    runs.flatMap((run) => run.findings.filter((finding) => !finding.suppressed)),
  );
  return { runs, score };
}

/** A rule fails the project when it fails any unit; otherwise the most telling outcome wins. */
const OUTCOME_PRECEDENCE: Outcome[] = ["fail", "could_not_determine", "pass", "not_applicable"];

function combineOutcomes(perUnit: Array<{ dir: string; run: RuleRun }>, named: boolean): { outcome: Outcome; reason?: string } {
  for (const outcome of OUTCOME_PRECEDENCE) {
    const matching = perUnit.filter((unit) => unit.run.outcome === outcome);
    if (matching.length === 0) continue;
    const reasons = matching.flatMap((unit) =>
      unit.run.reason ? [named ? `${unit.dir || "."}: ${unit.run.reason}` : unit.run.reason] : [],
    );
    return reasons.length > 0 ? { outcome, reason: [...new Set(reasons)].join("; ") } : { outcome };
  }
  return { outcome: "not_applicable" };
}

/** A finding in code two units share is reported once. */
function dedupeFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings
    .filter((finding) => {
      const key = `${finding.fingerprint}:${finding.line}:${finding.column}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
}
