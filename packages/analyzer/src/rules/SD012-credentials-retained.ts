import type { SecretBinding } from "../model/types.js";
import type { Confidence } from "../report.js";
import { createRule } from "./rule.js";

/** Read from the environment or held in a Buffer: a secret for sure; a name alone is a heuristic. */
function confidenceOf(secret: SecretBinding): Confidence {
  if (secret.source === "name") return "low";
  // A class field lives as long as its instance, which may be per request rather than a singleton.
  return secret.name.includes(".") ? "medium" : "high";
}

export default createRule({
  meta: {
    id: "SD012",
    name: "credentials-retained",
    category: "F",
    severity: "low",
    title: "Secrets stay in long-lived state.",
    rationale:
      "A secret kept in module-level or singleton state lives as long as the process, and every heap snapshot, core dump or debugger attached to it sees it. JavaScript strings are immutable and cannot be wiped: dropping the reference only lets the garbage collector reclaim the memory eventually. Buffers can be zeroed. Secrets written into process.env are inherited by every child process. What really limits the damage is a short lifetime and revocation.",
    remediation:
      "Keep secrets out of module scope where you can (read them where they are used), hold binary secrets in Buffers and fill(0) them when done, drop references and clear token caches on shutdown, never write secrets into process.env, and prefer short-lived, revocable credentials. Do not expect a string to be erased: it cannot be.",
    messages: {
      stringRetained:
        "{name} keeps a secret in long-lived state and shutdown never drops it. A JavaScript string cannot be wiped from memory; drop the reference and prefer short-lived, revocable credentials.",
      bufferRetained:
        "Buffer {name} holds a secret for the life of the process and is never zeroed; call {name}.fill(0) once it is no longer needed.",
      envWrite: "A secret is written into process.env, where every child process inherits it and it stays until the process exits.",
    },
  },
  check({ model, report }) {
    if (model.secrets.length === 0 && model.secretEnvWrites.length === 0) {
      return model.secretEnvReads.length > 0
        ? { outcome: "pass", reason: "secrets are read where they are used and not kept in long-lived state" }
        : { outcome: "not_applicable", reason: "no secrets found" };
    }
    const dropped = new Set(
      model.triggers
        .flatMap((trigger) => trigger.path?.steps ?? [])
        .flatMap((step) => (step.action.type === "drop-secret" ? [step.action.binding] : [])),
    );
    const retained = model.secrets.filter((secret) => !dropped.has(secret.binding));
    for (const secret of retained) {
      report({
        messageId: secret.isBuffer ? "bufferRetained" : "stringRetained",
        data: { name: secret.name },
        at: secret.at,
        // RULES.md: info for strings, which no code can wipe (fact 7); low for Buffers, which can be zeroed.
        severity: secret.isBuffer ? "low" : "info",
        confidence: confidenceOf(secret),
      });
    }
    for (const write of model.secretEnvWrites) {
      report({ messageId: "envWrite", at: write, severity: "low", confidence: "medium" });
    }
    if (retained.length > 0 || model.secretEnvWrites.length > 0) return undefined;
    return {
      outcome: "pass",
      reason: "shutdown drops every secret reference it holds; strings themselves cannot be wiped, so keep their lifetime short",
    };
  },
});
