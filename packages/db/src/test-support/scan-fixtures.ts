import { fileURLToPath } from "node:url";
import { analyze, type Report } from "@lastcall/analyzer";
import type { Db } from "../create-db.js";
import type { Repository } from "../generated/prisma/client.js";
import { upsertRepository } from "../repositories.js";
import type { RequestScanInput } from "../scans.js";

/** A distinct, valid 40-hex commit SHA per number. */
export function commitSha(n: number): string {
  return n.toString(16).padStart(40, "0");
}

export function createRepository(db: Db, name = "server"): Promise<Repository> {
  return upsertRepository(db, { host: "github.com", owner: "Acme", name, defaultBranch: "main" });
}

export function scanRequest(repositoryId: string, overrides: Partial<RequestScanInput> = {}): RequestScanInput {
  return {
    repositoryId,
    commitSha: commitSha(1),
    ref: "main",
    isDefaultBranch: true,
    trigger: "url",
    analyzerVersion: "0.1.0",
    rulesetVersion: "1.0.0",
    ...overrides,
  };
}

let report: Promise<Report> | undefined;

/**
 * A real report: the analyzer run over one of its own fixtures, chosen because it has many findings and
 * fractional rule points.
 */
export function sampleReport(): Promise<Report> {
  const fixture = new URL("../../../analyzer/test/fixtures/vault-dynamic-creds-not-revoked", import.meta.url);
  report ??= analyze(fileURLToPath(fixture));
  return report;
}
