import type { OpenedResource, PathStep, TriggerKind } from "../model/types.js";
import { createRule } from "./rule.js";

const SHUTDOWN_TRIGGERS: ReadonlySet<TriggerKind> = new Set(["signal", "stdin-eof", "onclose", "library", "watchdog"]);

/**
 * A revocation of what this client created: revoke-self of its token (which revokes every lease
 * made with it) or a per-lease revoke. A revoke whose receiver the model could not resolve is most
 * likely the project's own Vault call (`/v1/auth/token/revoke-self`) and is taken as one.
 */
function revokes(step: PathStep, lease: OpenedResource): boolean {
  if (step.action.type !== "revoke") return false;
  const resource = step.action.resource;
  return (
    !resource ||
    resource.id === lease.id ||
    (resource.kind === "vault" && resource.binding !== undefined && resource.binding === lease.binding)
  );
}

function clears(step: PathStep, timer: OpenedResource): boolean {
  return step.action.type === "clear-timer" && step.action.resource?.id === timer.id;
}

export default createRule({
  meta: {
    id: "SD013",
    name: "secret-leases-not-revoked",
    category: "F",
    severity: "medium",
    title: "Secret-manager leases are not revoked on shutdown.",
    rationale:
      "A Vault login mints a token for this process, and dynamic secrets (database/creds/…, aws/creds/…, pki/issue/…) are real credentials created for it. If the process exits without revoking them, they stay valid until their TTL runs out: a database role or cloud key nobody uses any more, but anyone who copied it can. Revoking the token with revoke-self revokes every lease made with it; renewal timers left running keep extending them during shutdown.",
    remediation:
      "On shutdown, stop the renewal timers, then revoke: `await vault.tokenRevokeSelf()` (or a per-lease `vault.revoke({ lease_id })`), best-effort and bounded by a short timeout so an unreachable Vault cannot stall the exit.",
    messages: {
      tokenNotRevoked:
        "{what}: no shutdown path revokes this token, so it and every lease made with it stay valid until their TTL runs out.",
      leaseNotRevoked: "{what}: no shutdown path revokes these leased credentials, so they stay valid until the lease expires.",
      renewalNotCleared:
        "This timer renews Vault leases and no shutdown path clears it, so it keeps renewing while (or after) the credentials are revoked.",
    },
  },
  check({ model, report }) {
    const vault = model.opened.filter((resource) => resource.kind === "vault");
    if (vault.length === 0) return { outcome: "not_applicable", reason: "no secret-manager client found" };
    const leases = vault.filter((resource) => resource.traits.includes("vault-login") || resource.traits.includes("vault-lease"));
    if (leases.length === 0) {
      return {
        outcome: "pass",
        reason: "the Vault client neither logs in nor reads leased secrets: the token it uses is not its own to revoke",
      };
    }

    const triggers = model.triggers.filter((trigger) => SHUTDOWN_TRIGGERS.has(trigger.kind));
    const steps = triggers.flatMap((trigger) => trigger.path?.steps ?? []);
    const hidden = triggers.flatMap((trigger) => trigger.path?.unresolved ?? []);
    const unfollowed = triggers.filter((trigger) => !trigger.path);
    const unsure: string[] = [];
    let flagged = 0;

    for (const lease of leases) {
      if (steps.some((step) => revokes(step, lease))) continue;
      const unresolved = hidden[0]
        ? `${hidden[0].callee}() at ${hidden[0].at.file}:${hidden[0].at.line}`
        : unfollowed[0] && `the handler at ${unfollowed[0].at.file}:${unfollowed[0].at.line}`;
      if (unresolved) {
        unsure.push(`nothing the analyzer could follow revokes ${lease.description}; ${unresolved} could not be resolved`);
        continue;
      }
      const dynamic = lease.traits.includes("dynamic-creds");
      flagged++;
      report({
        messageId: lease.traits.includes("vault-login") ? "tokenNotRevoked" : "leaseNotRevoked",
        data: { what: lease.description },
        at: lease.at,
        // RULES.md: high for dynamic database and cloud credentials.
        severity: dynamic ? "high" : "medium",
        confidence: "high",
      });
    }
    for (const timer of model.opened.filter((resource) => resource.kind === "interval" && resource.traits.includes("lease-renewal"))) {
      if (steps.some((step) => clears(step, timer))) continue;
      flagged++;
      report({ messageId: "renewalNotCleared", at: timer.at, confidence: "medium" });
    }
    if (flagged > 0) return undefined;
    if (unsure.length > 0) return { outcome: "could_not_determine", reason: unsure.join("; ") };
    return { outcome: "pass", reason: "shutdown revokes the Vault token or leases and stops their renewal" };
  },
});
