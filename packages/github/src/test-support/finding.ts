import type { Finding } from "@lastcall/analyzer";

/** A finding with plausible defaults; tests override what they are about. */
export function finding(overrides: Partial<Finding> = {}): Finding {
  const ruleId = overrides.ruleId ?? "SD003";
  const file = overrides.file ?? "src/server.ts";
  const line = overrides.line ?? 10;
  return {
    ruleId,
    ruleName: "no-signal-handler",
    category: "A",
    severity: "high",
    confidence: "high",
    message: "SIGTERM is not handled",
    remediation: "Handle SIGTERM and close the server.",
    docsUrl: `https://lastcall.dev/rules/${ruleId}`,
    file,
    line,
    column: 1,
    fingerprint: `${ruleId}:${file}:${line}`,
    ...overrides,
  };
}
