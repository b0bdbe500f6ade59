import type { Report } from "@lastcall/analyzer";
import type { Repository, Scan, ScanStatus } from "@lastcall/db";

/** The four states a client acts on; `stage` says which step a running scan is at. */
export type ApiScanStatus = "queued" | "running" | "done" | "failed";

/** A scan row without its report, with its repository: what both the scan and progress resources need. */
export type ScanRow = Omit<Scan, "report"> & { repository: Repository };

export interface RepositoryResource {
  owner: string;
  name: string;
  /** The repository on GitHub (or the configured GitHub server). */
  url: string;
}

/** What `GET /api/v1/scans/<id>` answers before the report, and what each `progress` event carries. */
export interface ScanProgressResource {
  id: string;
  /** Set when the scan asked for turned out to be a commit scanned already: the scan whose state and results these are. */
  duplicateOf?: string;
  repository: RepositoryResource;
  commit: string | null;
  ref: string | null;
  status: ApiScanStatus;
  stage: ScanStatus;
  progress: { filesDone: number; filesTotal: number };
  error?: { code: string; message: string };
  analyzerVersion: string;
  rulesetVersion: string;
  createdAt: string;
  finishedAt: string | null;
  reportUrl: string;
  /** Null until the scan is done. */
  sarifUrl: string | null;
}

/** The report's own fields, under the analyzer's names, once the scan is done. */
export type ScanResultFields = Pick<
  Report,
  "score" | "grade" | "scored" | "notScoredReason" | "coverage" | "categories" | "gates" | "rules" | "findings" | "units"
>;

export type ScanResource = ScanProgressResource & Partial<ScanResultFields>;

export function apiScanStatus(stage: ScanStatus): ApiScanStatus {
  if (stage === "queued" || stage === "done" || stage === "failed") return stage;
  return "running";
}

export function repositoryResource(repository: Pick<Repository, "host" | "owner" | "name">, githubServer: URL): RepositoryResource {
  return {
    owner: repository.owner,
    name: repository.name,
    url: `${githubServer.protocol}//${repository.host}/${repository.owner}/${repository.name}`,
  };
}

/**
 * `requestedId` is the id the client asked for; it differs from `scan.id` when that scan is a
 * pointer to an earlier scan of the same commit (then `scan` is the earlier one).
 */
export function scanProgressResource(scan: ScanRow, requestedId: string, githubServer: URL): ScanProgressResource {
  const status = apiScanStatus(scan.status);
  return {
    id: requestedId,
    ...(requestedId === scan.id ? {} : { duplicateOf: scan.id }),
    repository: repositoryResource(scan.repository, githubServer),
    commit: scan.commitSha,
    ref: scan.ref,
    status,
    stage: scan.status,
    progress: { filesDone: scan.filesDone ?? 0, filesTotal: scan.filesTotal ?? 0 },
    ...(scan.errorCode === null ? {} : { error: { code: scan.errorCode, message: scan.errorMessage ?? scan.errorCode } }),
    analyzerVersion: scan.analyzerVersion,
    rulesetVersion: scan.rulesetVersion,
    createdAt: scan.createdAt.toISOString(),
    finishedAt: scan.finishedAt?.toISOString() ?? null,
    reportUrl: `/scans/${scan.id}`,
    sarifUrl: status === "done" ? `/api/v1/scans/${scan.id}/sarif` : null,
  };
}

/** The progress resource plus, once done, the stored report's results. */
export function scanResource(scan: ScanRow & { report: unknown }, requestedId: string, githubServer: URL): ScanResource {
  const progress = scanProgressResource(scan, requestedId, githubServer);
  if (scan.status !== "done" || scan.report === null) return progress;
  // The report column holds what the analyzer produced (completeScan stores it whole).
  const report = scan.report as Report;
  return {
    ...progress,
    score: report.score,
    grade: report.grade,
    scored: report.scored,
    ...(report.notScoredReason === undefined ? {} : { notScoredReason: report.notScoredReason }),
    coverage: report.coverage,
    categories: report.categories,
    gates: report.gates,
    rules: report.rules,
    findings: report.findings,
    ...(report.units === undefined ? {} : { units: report.units }),
  };
}
