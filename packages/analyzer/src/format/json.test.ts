import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import { describe, expect, it } from "vitest";
import type { Report } from "../report.js";
import { sampleNotScoredReport, sampleReport } from "../test-support/sample-report.js";
import { formatJson } from "./json.js";

const schema: unknown = JSON.parse(readFileSync(new URL("../../report.schema.json", import.meta.url), "utf8"));

function reportValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  formats.default(ajv);
  return ajv.compile(schema as object);
}

/** Rebuilds every object with its keys in reverse insertion order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, inner]) => [key, reverseKeys(inner)]),
  );
}

describe("formatJson", () => {
  it("writes the whole report with 2-space indentation and a trailing newline", () => {
    const output = formatJson(sampleReport());
    expect(output.endsWith("}\n")).toBe(true);
    expect(output).toMatch(/^\{\n {2}"categories": \[\n {4}\{\n {6}"id": "A",/);
    expect(JSON.parse(output)).toEqual({ ...sampleReport(), findings: expect.any(Array) });
  });

  it("sorts findings by file, line, column and rule", () => {
    const findings = (JSON.parse(formatJson(sampleReport())) as Report).findings;
    expect(findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.ruleId}`)).toEqual([
      "Dockerfile:12:1 SD016",
      "src/browser.ts:7:17 SD009",
      "src/config.ts:3:14 SD012",
      "src/index.ts:41:1 SD003",
      "src/metrics.ts:9:1 SD009",
      "src/shutdown.ts:14:3 SD005",
      "src/shutdown.ts:17:5 SD002",
      "src/tools/fetch-page.ts:22:20 SD007",
      "src/tools/run-query.ts:15:18 SD007",
    ]);
  });

  it("gives the same bytes whatever the key order and finding order of the input", () => {
    const reordered = reverseKeys({ ...sampleReport(), findings: [...sampleReport().findings].reverse() }) as Report;
    expect(formatJson(reordered)).toBe(formatJson(sampleReport()));
  });
});

describe("report.schema.json", () => {
  const validate = reportValidator();

  it("is a draft 2020-12 schema with an $id", () => {
    expect(schema).toMatchObject({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: expect.stringMatching(/^https:\/\/.+report\.schema\.json$/),
    });
  });

  it("accepts the sample report, a not-scored report, a report with a policy, and the JSON format's output", () => {
    const withPolicy = { ...sampleReport(), policy: { minScore: 80 } };
    for (const report of [sampleReport(), sampleNotScoredReport(), withPolicy, JSON.parse(formatJson(sampleReport()))]) {
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  const broken: Array<[string, (report: Report & Record<string, unknown>) => void]> = [
    [
      "an unknown top-level property",
      (report) => {
        report.extra = true;
      },
    ],
    [
      "a policy minScore above 100",
      (report) => {
        report.policy = { minScore: 101 };
      },
    ],
    [
      "an unknown severity",
      (report) => {
        Object.assign(report.findings[0] ?? {}, { severity: "severe" });
      },
    ],
    [
      "an unknown outcome",
      (report) => {
        Object.assign(report.rules[0] ?? {}, { outcome: "skipped" });
      },
    ],
    [
      "an unknown category",
      (report) => {
        Object.assign(report.categories[0] ?? {}, { id: "H" });
      },
    ],
    [
      "an unknown grade",
      (report) => {
        Object.assign(report, { grade: "E" });
      },
    ],
    [
      "an unknown confidence",
      (report) => {
        Object.assign(report.findings[0] ?? {}, { confidence: "certain" });
      },
    ],
    [
      "a line of 0",
      (report) => {
        Object.assign(report.findings[0] ?? {}, { line: 0 });
      },
    ],
    [
      "a finding without a fingerprint",
      (report) => {
        delete (report.findings[0] as Partial<Report["findings"][number]>).fingerprint;
      },
    ],
    [
      "an absolute finding path",
      (report) => {
        Object.assign(report.findings[0] ?? {}, { file: "/etc/passwd" });
      },
    ],
    [
      "a suppression without a reason",
      (report) => {
        Object.assign(report.findings[0] ?? {}, { suppressed: { source: "inline" } });
      },
    ],
    [
      "a docs URL that is not a URL",
      (report) => {
        Object.assign(report.findings[0] ?? {}, { docsUrl: "see the docs" });
      },
    ],
    [
      "an extra property in stats",
      (report) => {
        Object.assign(report.stats, { memoryMb: 12 });
      },
    ],
    [
      "a scored report without a score",
      (report) => {
        Object.assign(report, { score: null });
      },
    ],
    [
      "a not-scored report with a grade",
      (report) => {
        Object.assign(report, { scored: false, notScoredReason: "none", score: null });
      },
    ],
    [
      "a score above 100",
      (report) => {
        Object.assign(report, { score: 101 });
      },
    ],
  ];

  it.each(broken)("rejects %s", (_name, breakIt) => {
    const report = sampleReport() as Report & Record<string, unknown>;
    breakIt(report);
    expect(validate(report)).toBe(false);
  });

  it("rejects a not-scored report without its reason", () => {
    const { notScoredReason: _dropped, ...report } = sampleNotScoredReport();
    expect(validate(report)).toBe(false);
  });
});
