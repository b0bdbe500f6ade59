import { accessSync, chmodSync, constants, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import type { Report } from "../report.js";
import { sampleNotScoredReport, sampleReport } from "../test-support/sample-report.js";
import { sampleRules } from "../test-support/sample-rules.js";
import { formatSarif } from "./sarif.js";

const require = createRequire(import.meta.url);

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId: string };
      region: { startLine: number; startColumn: number; endLine?: number; endColumn?: number; snippet?: { text: string } };
    };
  }>;
  partialFingerprints: Record<string, string>;
  suppressions?: Array<{ kind: string; justification: string }>;
}

interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; informationUri: string; rules: Array<Record<string, unknown> & { id: string }> } };
    results: SarifResult[];
    originalUriBaseIds: Record<string, { uri?: string }>;
    invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications?: Array<{ level: string; message: { text: string } }> }>;
    properties: Record<string, unknown>;
  }>;
}

function sarifOf(report: Report): SarifLog {
  return JSON.parse(formatSarif(report, sampleRules())) as SarifLog;
}

function firstRun(log: SarifLog) {
  const [run] = log.runs;
  if (!run) throw new Error("no run");
  return run;
}

const scratch = mkdtempSync(join(tmpdir(), "lastcall-sarif-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The npm package's install script sets the executable bit; make sure it is there. */
function multitoolBin(): string {
  const binary = require("@microsoft/sarif-multitool-linux") as string;
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    chmodSync(binary, statSync(binary).mode | 0o111);
  }
  return require.resolve("@microsoft/sarif-multitool/bin.js");
}

/** Runs `sarif-multitool validate` once over several logs; returns the error-level results per log. */
async function multitoolErrors(logs: Record<string, string>): Promise<Record<string, string[]>> {
  const files = Object.entries(logs).map(([name, text]) => {
    const file = join(scratch, `${name}.sarif`);
    writeFileSync(file, text);
    return { name, file };
  });
  const out = join(scratch, "validation.sarif");
  await execa(process.execPath, [multitoolBin(), "validate", ...files.map(({ file }) => file), "-o", out, "--log", "ForceOverwrite"]);
  const validation = JSON.parse(readFileSync(out, "utf8")) as {
    runs: Array<{
      results?: Array<{
        level?: string;
        ruleId: string;
        message: { arguments?: string[] };
        locations?: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
      }>;
    }>;
  };
  const errors: Record<string, string[]> = Object.fromEntries([...files.map(({ name }) => [name, []]), ["unknown", []]]);
  for (const result of validation.runs.flatMap((run) => run.results ?? [])) {
    if (result.level !== "error") continue;
    const uri = result.locations?.[0]?.physicalLocation.artifactLocation.uri ?? "";
    const owner = files.find(({ file }) => uri === pathToFileURL(file).href);
    errors[owner?.name ?? "unknown"]?.push(`${result.ruleId}: ${(result.message.arguments ?? []).join(" ")}`);
  }
  return errors;
}

describe("formatSarif", () => {
  const log = sarifOf(sampleReport());
  const run = firstRun(log);

  it("is one SARIF 2.1.0 run with the tool and all 20 rules", () => {
    expect(log.$schema).toBe("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json");
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({
      name: "lastcall",
      version: "0.1.0",
      informationUri: "https://github.com/lastcall-dev/lastcall",
    });
    expect(run.tool.driver.rules.map((rule) => rule.id)).toEqual(sampleRules().map((rule) => rule.meta.id));
    expect(run.invocations).toEqual([expect.objectContaining({ executionSuccessful: true })]);
  });

  it("describes each rule with descriptions, help, docs link, default level and properties", () => {
    const sd003 = run.tool.driver.rules[2];
    expect(sd003).toEqual({
      id: "SD003",
      name: "stdio-eof-not-handled",
      shortDescription: { text: "A stdio server does not shut down when stdin closes." },
      fullDescription: { text: expect.stringContaining("Why stdio-eof-not-handled matters") },
      help: {
        text: expect.stringContaining("How to fix: Fix stdio-eof-not-handled"),
        markdown: expect.stringContaining(
          "[SD003 stdio-eof-not-handled](https://github.com/lastcall-dev/lastcall/blob/main/docs/rules/SD003-stdio-eof-not-handled.md)",
        ),
      },
      helpUri: "https://github.com/lastcall-dev/lastcall/blob/main/docs/rules/SD003-stdio-eof-not-handled.md",
      defaultConfiguration: { level: "error" },
      properties: {
        category: "A",
        categoryName: "Lifecycle and signals",
        severity: "high",
        tags: ["security", "graceful-shutdown", "Lifecycle and signals"],
        "security-severity": "8.0",
      },
    });
    const levels = Object.fromEntries(
      run.tool.driver.rules.map((rule) => [rule.id, (rule.defaultConfiguration as { level: string }).level]),
    );
    expect([levels.SD005, levels.SD012, levels.SD019]).toEqual(["warning", "note", "note"]);
  });

  it("maps each finding to a result sorted by file, line, column and rule, with level by severity", () => {
    expect(
      run.results.map(
        (result) =>
          `${result.locations[0]?.physicalLocation.artifactLocation.uri}:${result.locations[0]?.physicalLocation.region.startLine} ${result.ruleId} ${result.level}`,
      ),
    ).toEqual([
      "Dockerfile:12 SD016 error",
      "src/browser.ts:7 SD009 error",
      "src/config.ts:3 SD012 note",
      "src/index.ts:41 SD003 error",
      "src/metrics.ts:9 SD009 warning",
      "src/shutdown.ts:14 SD005 warning",
      "src/shutdown.ts:17 SD002 error",
      "src/tools/fetch-page.ts:22 SD007 warning",
      "src/tools/run-query.ts:15 SD007 warning",
    ]);
  });

  it("gives each result its rule index, message, region, snippet and fingerprint", () => {
    const result = run.results.find((candidate) => candidate.ruleId === "SD002");
    expect(result).toEqual({
      ruleId: "SD002",
      ruleIndex: 1,
      level: "error",
      message: { text: "process.exit(0) runs right after `void server.close()`: the close is not awaited." },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "src/shutdown.ts", uriBaseId: "%SRCROOT%" },
            region: {
              startLine: 17,
              startColumn: 5,
              endLine: 18,
              endColumn: 20,
              snippet: { text: "    void server.close();\n    process.exit(0);" },
            },
          },
        },
      ],
      partialFingerprints: { "lastcallFingerprint/v1": "9f8e7d6c5b4a39281706f5e4d3c2b1a0" },
      properties: { severity: "high", confidence: "high", category: "A" },
    });
    for (const candidate of run.results) {
      expect(run.tool.driver.rules[candidate.ruleIndex ?? -1]?.id).toBe(candidate.ruleId);
    }
  });

  it("marks suppressed findings: inline as inSource, config as external, with the reason", () => {
    expect(run.results.find((result) => result.suppressions)?.suppressions).toEqual([
      { kind: "inSource", justification: "the host wrapper unrefs every timer it is given" },
    ]);
    const report = sampleReport();
    report.findings = report.findings.map((finding) =>
      finding.suppressed ? { ...finding, suppressed: { source: "config", reason: "SD009 is off in .lastcall.json" } } : finding,
    );
    const external = firstRun(sarifOf(report)).results.find((result) => result.suppressions);
    expect(external?.suppressions).toEqual([{ kind: "external", justification: "SD009 is off in .lastcall.json" }]);
  });

  it("roots relative URIs at %SRCROOT%: the directory's file URL, or the repository URL", () => {
    expect(run.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///home/dev/acme-mcp/" } });
    const remote = { ...sampleReport(), target: { path: "https://github.com/acme/mcp/tree/main/server" } };
    expect(firstRun(sarifOf(remote)).originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "https://github.com/acme/mcp/tree/main/server/" } });
  });

  it("percent-encodes file names in URIs", () => {
    const report = sampleReport();
    report.findings = [{ ...(report.findings[0] as Report["findings"][number]), file: "src/my tools/#1.ts" }];
    expect(firstRun(sarifOf(report)).results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe("src/my%20tools/%231.ts");
  });

  it("reports parse errors, skipped files and notes as tool notifications, and the score as run properties", () => {
    expect(
      run.invocations[0]?.toolExecutionNotifications?.map((notification) => `${notification.level}: ${notification.message.text}`),
    ).toEqual([
      "warning: Could not parse src/legacy/old.js: Unexpected token '<'",
      "note: Skipped vendor/pdf.min.js: vendored file",
      "note: GRACE_MS is read from the environment with no default",
    ]);
    expect(run.properties).toMatchObject({ scored: true, score: 49, grade: "F", coverage: 1, rulesetVersion: "1.0.0" });
    expect(firstRun(sarifOf(sampleNotScoredReport())).properties).toMatchObject({
      scored: false,
      score: null,
      notScoredReason: "no TypeScript or JavaScript sources found",
    });
  });

  it("validates against the SARIF 2.1.0 JSON schema", () => {
    const schema = JSON.parse(
      readFileSync(join(require.resolve("@microsoft/sarif-multitool-linux"), "..", "sarif-2.1.0.json"), "utf8"),
    ) as object;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    formats.default(ajv);
    const validate = ajv.compile(schema);
    for (const report of [sampleReport(), sampleNotScoredReport()]) {
      expect(validate(JSON.parse(formatSarif(report, sampleRules()))), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it("passes the SARIF multitool's validation with zero errors", async () => {
    const relative = { ...sampleReport(), target: { path: "acme-mcp" } };
    const planted = sarifOf(sampleReport()) as SarifLog & { runs: Array<Record<string, unknown>> };
    // Proves the validator really reads documents of this shape (it skips ones it cannot load).
    Object.assign(planted.runs[0] ?? {}, { unknownProperty: true });
    const errors = await multitoolErrors({
      sample: formatSarif(sampleReport(), sampleRules()),
      notScored: formatSarif(sampleNotScoredReport(), sampleRules()),
      relativeTarget: formatSarif(relative, sampleRules()),
      planted: JSON.stringify(planted, null, 2),
    });
    expect(errors.planted).toEqual([expect.stringContaining("JSON1005")]);
    expect({ sample: errors.sample, notScored: errors.notScored, relativeTarget: errors.relativeTarget, unknown: errors.unknown }).toEqual({
      sample: [],
      notScored: [],
      relativeTarget: [],
      unknown: [],
    });
  }, 60_000);
});
