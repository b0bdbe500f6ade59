import { attachScanCommit, completeScan, type Db, getScan, markScanStatus, recordScanTiming, type ScanProgressStatus } from "@lastcall/db";
import { fetchGithubRepo, githubCloneUrl, resolveRef } from "@lastcall/git-fetch";
import { getInstallationToken } from "@lastcall/github";
import type { RepositoryRef, ScanProgress } from "@lastcall/jobs";
import type { AnalysisChildren } from "./analysis/analysis-children.js";
import { runAnalysis } from "./analysis/run-analysis.js";
import type { WorkerConfig } from "./config.js";
import { githubAppClient } from "./github-app-client.js";
import type { Logger } from "./logger.js";
import { retryWhileDatabaseUnavailable } from "./retry-database.js";
import { ScanFailure } from "./scan-failure.js";

export interface ScanDeps {
  db: Db;
  config: WorkerConfig;
  logger: Logger;
  /** This worker's own directory for checkouts (see prepareWorkDir). */
  checkoutRoot: string;
  /** Analysis processes started ahead of need; without them, each analysis starts its own. */
  analysisChildren?: AnalysisChildren;
  /** Told once a scan's result is stored, so that badge caches drop the repository; must not throw. */
  onScanStored?: (repository: RepositoryRef) => void;
}

export interface ScanRunOptions {
  /** Aborting stops git or the analysis at once; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Live progress for whoever runs the scan (BullMQ's job progress, say); the database is updated too. */
  onProgress?: (progress: ScanProgress) => Promise<void> | void;
  log: Logger;
}

export type ScanRunResult = { scanId: string; outcome: "done" | "already-done" | "duplicate" | "missing"; duplicateOf?: string };

/**
 * A private repository is fetched with an installation token of the GitHub App installed on it,
 * obtained here and now: it never enters job data, logs or the command line.
 */
async function privateRepositoryToken(
  config: WorkerConfig,
  repository: { private: boolean; installationId: bigint | null; name: string },
): Promise<string | undefined> {
  const app = githubAppClient(config);
  if (!repository.private || repository.installationId === null || app === undefined) return undefined;
  const { token } = await getInstallationToken(app, Number(repository.installationId), { repositoryNames: [repository.name] });
  return token;
}

/** Database writes of progress are throttled: a 10,000-file scan must not mean 10,000 updates. */
const PROGRESS_WRITE_INTERVAL_MS = 500;

/**
 * One scan, whichever queue runs it: resolve the ref → fetch that commit → analyze in a child
 * process → store. Throws on failure (a ScanFailure when the cause is known); deciding between
 * retrying, failing and handing back is the queue's (see settleScanFailure).
 */
export async function runScan(deps: ScanDeps, scanId: string, options: ScanRunOptions): Promise<ScanRunResult> {
  const { db, config } = deps;
  const { signal, log } = options;
  const scan = await getScan(db, scanId);
  if (scan === null) return { scanId, outcome: "missing" };
  if (scan.status === "done") return { scanId, outcome: "already-done" };

  // The scan's writes wait out a short database outage instead of throwing away the work done so far.
  const durable = <T>(operation: () => Promise<T>) =>
    retryWhileDatabaseUnavailable(operation, {
      signal,
      onRetry: (error, retry, delayMs) => log.warn({ err: error, retry, delayMs }, "database unavailable; retrying"),
    });
  const progress = async (stage: ScanProgressStatus, files?: { filesDone: number; filesTotal: number }) => {
    await options.onProgress?.({ stage, ...files });
    await durable(() => markScanStatus(db, scanId, stage, files));
  };

  const repository = scan.repository;
  if (repository.host.toLowerCase() !== config.githubServer.host.toLowerCase()) {
    throw new ScanFailure("host_not_allowed", `${repository.host} is not the configured git host (${config.githubServer.host})`);
  }
  const cloneUrl = githubCloneUrl(config.githubServer, repository.owner, repository.name);
  const webUrl = `${config.githubServer.origin}/${repository.owner}/${repository.name}`;
  const accessToken = await privateRepositoryToken(config, repository);
  const gitOptions = { server: config.githubServer, gitEnv: config.gitEnv, timeoutMs: config.fetch.timeoutMs, signal, accessToken };

  log.info({ repository: `${repository.owner}/${repository.name}`, ref: scan.ref, commit: scan.commitSha }, "scan started");
  await progress("fetching");
  const fetchStarted = performance.now();
  let commit = scan.commitSha;
  if (commit === null) {
    const resolved = await resolveRef(cloneUrl, scan.ref ?? undefined, gitOptions);
    const attached = await durable(() =>
      attachScanCommit(db, scanId, { commitSha: resolved.commit, isDefaultBranch: resolved.isDefaultBranch }),
    );
    if (attached.duplicateOf !== undefined) {
      log.info({ duplicateOf: attached.duplicateOf }, "commit already scanned");
      return { scanId, outcome: "duplicate", duplicateOf: attached.duplicateOf };
    }
    commit = resolved.commit;
  }

  let fetchMs = 0;
  const analyzeStarted = { at: 0 };
  let lastWrite = 0;
  const report = await fetchGithubRepo(
    { cloneUrl },
    { ...gitOptions, commit, tempRoot: deps.checkoutRoot, maxBytes: config.fetch.maxBytes, maxFiles: config.fetch.maxFiles },
    async (checkout) => {
      fetchMs = Math.round(performance.now() - fetchStarted);
      await durable(() => recordScanTiming(db, scanId, { fetchMs }));
      await progress("analyzing", { filesDone: 0, filesTotal: 0 });
      analyzeStarted.at = performance.now();
      return runAnalysis(
        { dir: checkout.dir, commit: checkout.commit, displayPath: webUrl },
        {
          ...config.analysis,
          children: deps.analysisChildren,
          signal,
          onProgress: (filesDone, filesTotal) => {
            const now = Date.now();
            if (now - lastWrite < PROGRESS_WRITE_INTERVAL_MS && filesDone < filesTotal) return;
            lastWrite = now;
            // Not retried: the next update, or the final one, says more than this one would.
            Promise.all([
              options.onProgress?.({ stage: "analyzing", filesDone, filesTotal }),
              markScanStatus(db, scanId, "analyzing", { filesDone, filesTotal }),
            ]).catch((error: unknown) => log.warn({ err: error }, "progress update failed"));
          },
        },
      );
    },
  );
  const analyzeMs = Math.round(performance.now() - analyzeStarted.at);
  await progress("scoring", { filesDone: report.stats.files, filesTotal: report.stats.files });
  const stored = await durable(() => completeScan(db, scanId, report, { fetchMs, analyzeMs }));
  log.info({ score: report.score, grade: report.grade, fetchMs, analyzeMs, stored }, "scan done");
  if (stored) deps.onScanStored?.(repository);
  return { scanId, outcome: stored ? "done" : "already-done" };
}
