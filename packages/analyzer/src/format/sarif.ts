import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import type { Finding, Report, Severity } from "../report.js";
import type { Rule } from "../rules/rule.js";
import { sortFindings } from "./findings.js";

const SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const INFORMATION_URI = "https://github.com/lastcall-dev/lastcall";
const SRCROOT = "%SRCROOT%";
const FINGERPRINT_KEY = "lastcallFingerprint/v1";

type Level = "error" | "warning" | "note";

const levels: Record<Severity, Level> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};

/**
 * GitHub code scanning ranks security results by this number (critical > 9.0, high 7.0–8.9,
 * medium 4.0–6.9, low 0.1–3.9); info findings get none so they are not shown as security alerts.
 */
const securitySeverities: Partial<Record<Severity, string>> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
};

interface SarifMessage {
  text: string;
  markdown?: string;
}

interface SarifArtifactLocation {
  uri?: string;
  uriBaseId?: string;
  description?: SarifMessage;
}

interface SarifRegion {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
  snippet?: { text: string };
}

interface SarifLocation {
  physicalLocation: { artifactLocation: SarifArtifactLocation; region?: SarifRegion };
}

interface SarifNotification {
  level: Level;
  message: SarifMessage;
  locations: SarifLocation[];
}

function artifactUri(file: string): string {
  return file.split("/").map(encodeURIComponent).join("/");
}

function fileLocation(file: string, region?: SarifRegion): SarifLocation {
  return {
    physicalLocation: {
      artifactLocation: { uri: artifactUri(file), uriBaseId: SRCROOT },
      ...(region ? { region } : {}),
    },
  };
}

function findingRegion(finding: Finding): SarifRegion {
  const region: SarifRegion = { startLine: finding.line, startColumn: finding.column };
  const endLine = finding.endLine ?? finding.line;
  // SARIF rejects regions that end before they start; keep the start alone rather than emit one.
  const endsAfterStart = endLine > finding.line || (endLine === finding.line && (finding.endColumn ?? finding.column) >= finding.column);
  if (endsAfterStart) {
    region.endLine = endLine;
    if (finding.endColumn !== undefined) region.endColumn = finding.endColumn;
  }
  if (finding.excerpt) region.snippet = { text: finding.excerpt };
  return region;
}

/**
 * Where `%SRCROOT%` points: the audited directory as a file URL, or the repository URL for
 * remote audits. A relative path cannot be made absolute without the caller's working directory,
 * so it is only described.
 */
function sourceRoot(targetPath: string): SarifArtifactLocation {
  const withSlash = (uri: string) => (uri.endsWith("/") ? uri : `${uri}/`);
  if (/^https?:\/\//.test(targetPath)) return { uri: withSlash(targetPath) };
  if (isAbsolute(targetPath)) return { uri: withSlash(pathToFileURL(targetPath).href) };
  return { description: { text: `The audited directory, ${targetPath}` } };
}

function ruleDescriptor(rule: Rule, categoryName: string | undefined) {
  const { meta } = rule;
  const securitySeverity = securitySeverities[meta.severity];
  return {
    id: meta.id,
    name: meta.name,
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.rationale },
    help: {
      text: `${meta.title}\n\nWhy it matters: ${meta.rationale}\n\nHow to fix: ${meta.remediation}\n\nDocs: ${rule.docsUrl}`,
      markdown: `**${meta.title}**\n\n${meta.rationale}\n\n**How to fix:** ${meta.remediation}\n\n[${meta.id} ${meta.name}](${rule.docsUrl})`,
    },
    helpUri: rule.docsUrl,
    defaultConfiguration: { level: levels[meta.severity] },
    properties: {
      category: meta.category,
      ...(categoryName ? { categoryName } : {}),
      severity: meta.severity,
      tags: ["security", "graceful-shutdown", ...(categoryName ? [categoryName] : [])],
      ...(securitySeverity ? { "security-severity": securitySeverity } : {}),
    },
  };
}

function result(finding: Finding, ruleIndex: number) {
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: levels[finding.severity],
    message: { text: finding.message },
    locations: [fileLocation(finding.file, findingRegion(finding))],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    properties: { severity: finding.severity, confidence: finding.confidence, category: finding.category },
    ...(finding.suppressed
      ? {
          suppressions: [
            {
              kind: finding.suppressed.source === "inline" ? "inSource" : "external",
              justification: finding.suppressed.reason,
            },
          ],
        }
      : {}),
  };
}

function notifications(report: Report): SarifNotification[] {
  const { parseErrors, skipped, notes } = report.stats;
  return [
    ...parseErrors.map((error) => ({
      level: "warning" as const,
      message: { text: `Could not parse ${error.file}: ${error.message}` },
      locations: [fileLocation(error.file, error.line === undefined ? undefined : { startLine: error.line })],
    })),
    ...skipped.map((file) => ({
      level: "note" as const,
      message: { text: `Skipped ${file.file}: ${file.reason}` },
      locations: [fileLocation(file.file)],
    })),
    ...notes.map((note) => ({ level: "note" as const, message: { text: note }, locations: [] })),
  ];
}

/**
 * SARIF 2.1.0 for code-scanning uploads. `rules` supplies the metadata the report does not carry
 * (titles, rationale, remediation); pass every rule so that `ruleIndex` is stable across runs.
 */
export function formatSarif(report: Report, rules: readonly Rule[]): string {
  const sortedRules = [...rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
  const ruleIndexes = new Map(sortedRules.map((rule, index) => [rule.meta.id, index]));
  const categoryNames = new Map(report.categories.map((category) => [category.id, category.name]));
  const toolNotifications = notifications(report);
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: INFORMATION_URI,
            rules: sortedRules.map((rule) => ruleDescriptor(rule, categoryNames.get(rule.meta.category))),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            ...(toolNotifications.length > 0 ? { toolExecutionNotifications: toolNotifications } : {}),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: sourceRoot(report.target.path) },
        // TypeScript positions count UTF-16 code units, which is also SARIF's default.
        columnKind: "utf16CodeUnits",
        results: sortFindings(report.findings).map((finding) => result(finding, ruleIndexes.get(finding.ruleId) ?? -1)),
        properties: {
          scored: report.scored,
          score: report.score,
          grade: report.grade,
          ...(report.notScoredReason ? { notScoredReason: report.notScoredReason } : {}),
          coverage: report.coverage,
          rulesetVersion: report.tool.rulesetVersion,
          ...(report.target.commit ? { commit: report.target.commit } : {}),
          gates: report.gates,
          categories: report.categories,
        },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
