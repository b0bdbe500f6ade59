import { describe, expect, it } from "vitest";
import { defaultConfig } from "../config/config-schema.js";
import { readDeployment } from "../deploy/read-deployment.js";
import type { Deadline, ProjectModel } from "../model/types.js";
import { buildTestModel, runRule, testSpan } from "../test-support/model-builder.js";
import rule from "./SD017-orchestrator-grace-too-short.js";

function modelWith(files: Record<string, string>, partial: Partial<ProjectModel> = {}): ProjectModel {
  const deployment = readDeployment(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    (path) => files[path],
  );
  return buildTestModel({ profiles: new Set(["http"]), deployment, ...partial });
}

function deadline(ms: number, extra: Partial<Deadline> = {}): Deadline {
  return {
    ms,
    source: "timer",
    fromConfig: false,
    at: testSpan("src/shutdown.ts", 14, "  setTimeout(() => process.exit(1), 25_000).unref();"),
    ...extra,
  };
}

const deployment = (grace: string, preStop: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: mcp-server
spec:
  template:
    spec:${grace}
      containers:
        - name: mcp-server
          image: ghcr.io/acme/mcp-server:1.4.0${preStop}
`;
const SLEEP_10 = `
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "10"]`;

describe("SD017 orchestrator-grace-too-short", () => {
  it("has the meta RULES.md gives it", () => {
    expect(rule.meta).toMatchObject({ id: "SD017", name: "orchestrator-grace-too-short", category: "G", severity: "medium" });
  });

  it("is not applicable without Kubernetes, compose or systemd files for the server", () => {
    const notApplicable = { outcome: "not_applicable", reason: "no Kubernetes, compose or systemd configuration" };
    expect(
      runRule(rule, modelWith({ Dockerfile: 'FROM node:22\nCMD ["node", "index.js"]\n' }, { deadlines: [deadline(8000)] })).verdict,
    ).toEqual(notApplicable);
    const infrastructureOnly = "services:\n  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n";
    expect(runRule(rule, modelWith({ "compose.yaml": infrastructureOnly }, { deadlines: [deadline(8000)] })).verdict).toEqual(
      notApplicable,
    );
  });

  it("cannot determine without a deadline in the code", () => {
    expect(runRule(rule, modelWith({ "k8s/deployment.yaml": deployment("", "") }))).toEqual({
      verdict: { outcome: "could_not_determine", reason: "no shutdown deadline found in the code" },
      findings: [],
    });
  });

  it("flags the default 30 s grace when preStop and the deadline need more", () => {
    const { verdict, findings } = runRule(
      rule,
      modelWith({ "k8s/deployment.yaml": deployment("", SLEEP_10) }, { deadlines: [deadline(25_000)] }),
    );
    expect(verdict).toBeUndefined();
    expect(findings).toEqual([
      {
        messageId: "graceTooShort",
        data: {
          grace: "Deployment mcp-server: terminationGracePeriodSeconds 30 s (default), preStop 10 s (k8s/deployment.yaml)",
          available: "20",
          deadline: "25",
          deadlineAt: "src/shutdown.ts:14",
          recommended: "42",
        },
        at: { file: "k8s/deployment.yaml", line: 7, column: 5, endLine: 7, endColumn: 9, excerpt: "    spec:" },
        confidence: "high",
        message:
          "Deployment mcp-server: terminationGracePeriodSeconds 30 s (default), preStop 10 s (k8s/deployment.yaml) leaves the server 20 s after SIGTERM, less than its 25 s shutdown deadline (src/shutdown.ts:14): SIGKILL cuts the shutdown off. Allow at least 42 s.",
      },
    ]);
  });

  it("passes a grace that covers preStop, the deadline and a margin", () => {
    const files = { "k8s/deployment.yaml": deployment("\n      terminationGracePeriodSeconds: 45", SLEEP_10) };
    expect(runRule(rule, modelWith(files, { deadlines: [deadline(25_000)] }))).toEqual({ verdict: undefined, findings: [] });
  });

  it("flags compose's default 10 s against close-with-grace's 10 s default as a race", () => {
    const files = { "docker-compose.yml": "services:\n  mcp:\n    build: .\n    init: true\n" };
    const closeWithGrace = deadline(10_000, { source: "library-default", library: "close-with-grace", at: testSpan("src/index.ts", 30) });
    expect(runRule(rule, modelWith(files, { deadlines: [closeWithGrace] })).findings).toMatchObject([
      {
        messageId: "noMargin",
        data: { available: "10", deadline: "10", deadlineAt: "src/index.ts:30", recommended: "13" },
        at: { file: "docker-compose.yml", line: 2, excerpt: "  mcp:" },
        confidence: "high",
      },
    ]);
  });

  it("reports a missing margin with low confidence", () => {
    const files = { "compose.yaml": "services:\n  mcp:\n    image: ghcr.io/acme/mcp:1\n    stop_grace_period: 30s\n" };
    expect(runRule(rule, modelWith(files, { deadlines: [deadline(26_000)] })).findings).toMatchObject([
      { messageId: "noMargin", data: { available: "30", recommended: "33" }, at: { line: 4 }, confidence: "low" },
    ]);
  });

  it("judges the longest deadline and lowers confidence for configured values", () => {
    const files = { "compose.yaml": "services:\n  mcp:\n    build: .\n    stop_grace_period: 15s\n" };
    const fromEnv = deadline(20_000, { fromConfig: true, at: testSpan("src/config.ts", 3) });
    expect(runRule(rule, modelWith(files, { deadlines: [deadline(5_000), fromEnv] })).findings).toMatchObject([
      { messageId: "graceTooShort", data: { deadline: "20", deadlineAt: "src/config.ts:3" }, confidence: "medium" },
    ]);
  });

  it("judges a Dockerfile built by compose by the service's stop_grace_period, as SD006 does", () => {
    const files = {
      Dockerfile: 'FROM node:22-slim\nCMD ["node", "dist/index.js"]\n',
      "compose.yaml": "services:\n  mcp:\n    build: .\n    stop_grace_period: 30s\n",
    };
    expect(runRule(rule, modelWith(files, { deadlines: [deadline(15_000)] })).findings).toEqual([]);
    expect(runRule(rule, modelWith(files, { deadlines: [deadline(40_000)] })).findings).toMatchObject([
      { messageId: "graceTooShort", data: { available: "30", deadline: "40" }, at: { file: "compose.yaml", line: 4 }, confidence: "high" },
    ]);
  });

  it("flags systemd TimeoutStopSec and KillMode", () => {
    const unit = "[Service]\nExecStart=/usr/bin/node /opt/mcp/dist/index.js\nTimeoutStopSec=5\nKillMode=process\n";
    const { findings } = runRule(rule, modelWith({ "deploy/mcp.service": unit }, { deadlines: [deadline(8_000)] }));
    expect(findings.map((finding) => [finding.messageId, finding.at.line, finding.confidence])).toEqual([
      ["killModeProcess", 4, "high"],
      ["graceTooShort", 3, "high"],
    ]);
    expect(findings[0]?.message).toBe(
      "KillMode=process sends the stop signal only to the main process: child processes the server started keep running after the unit stops (deploy/mcp.service).",
    );
  });

  it("fails on KillMode=none and a preStop that uses the whole grace even without a deadline", () => {
    const files = {
      "deploy/mcp.service": "[Service]\nExecStart=/usr/bin/node index.js\nKillMode=none\n",
      "k8s/deployment.yaml": deployment("\n      terminationGracePeriodSeconds: 10", SLEEP_10),
    };
    const { verdict, findings } = runRule(rule, modelWith(files));
    expect(verdict).toBeUndefined();
    expect(findings.map((finding) => [finding.messageId, finding.at.file, finding.at.line])).toEqual([
      ["killModeNone", "deploy/mcp.service", 3],
      ["noTimeLeft", "k8s/deployment.yaml", 8],
    ]);
  });

  it("uses Helm values, with medium confidence, and cannot determine what it cannot evaluate", () => {
    const template = (grace: string) => deployment(`\n      terminationGracePeriodSeconds: ${grace}`, "");
    const withDefault = { "charts/mcp/templates/deployment.yaml": template("{{ .Values.grace | default 20 }}") };
    expect(runRule(rule, modelWith(withDefault, { deadlines: [deadline(25_000)] })).findings).toMatchObject([
      { messageId: "graceTooShort", at: { line: 8 }, confidence: "medium" },
    ]);
    const unresolved = { "charts/mcp/templates/deployment.yaml": template("{{ .Values.grace }}") };
    expect(runRule(rule, modelWith(unresolved, { deadlines: [deadline(25_000)] }))).toEqual({
      verdict: {
        outcome: "could_not_determine",
        reason:
          "terminationGracePeriodSeconds in charts/mcp/templates/deployment.yaml is {{ .Values.grace }}, which Lastcall cannot evaluate",
      },
      findings: [],
    });
  });

  it("uses a grace declared in .lastcall.json in place of the file's", () => {
    const config = { ...defaultConfig, grace: { kubernetes: 60 } };
    const files = { "k8s/deployment.yaml": deployment("", SLEEP_10) };
    expect(runRule(rule, modelWith(files, { config, deadlines: [deadline(25_000)] }))).toEqual({ verdict: undefined, findings: [] });
  });
});
