import { type Report, RULESET_VERSION } from "@lastcall/analyzer";
import { type Db, findScan, getCheckRun, updateCheckRun } from "@lastcall/db";
import {
  changedLinesFromPatches,
  createCheckRun,
  installationOctokit,
  listPullRequestFiles,
  neutralOutput,
  publishCheckRun,
} from "@lastcall/github";
import type { WorkerConfig } from "../config.js";
import { githubAppClient } from "../github-app-client.js";
import type { Logger } from "../logger.js";
import { checkRunOutput, type ScanOutcome } from "./check-run-output.js";

export interface CheckRunDeps {
  db: Db;
  config: WorkerConfig;
  logger: Logger;
}

/** "waiting": a scan it compares has not finished yet; run it again later. */
export type CheckRunResult = { outcome: "completed" | "waiting" | "skipped"; conclusion?: string };

const FINISHED = new Set(["done", "failed"]);

/** A check never hangs `in_progress`: past this, it completes `neutral` saying the scan did not finish. */
export const CHECK_RUN_WAIT_LIMIT_MS = 30 * 60 * 1000;

function asOutcome(scan: { status: string; report: unknown; errorMessage: string | null }): ScanOutcome {
  return { status: scan.status, report: (scan.report as Report | null) ?? null, errorMessage: scan.errorMessage };
}

/**
 * One pull request's check run: created `in_progress` on the head commit as soon as the job runs,
 * then — once the head and base scans have finished — completed with the result. Tokens are
 * obtained here, from the App's key, and never leave this process.
 */
export async function runCheckRun(deps: CheckRunDeps, checkRunId: string, log: Logger): Promise<CheckRunResult> {
  const { db, config } = deps;
  const checkRun = await getCheckRun(db, checkRunId);
  const app = githubAppClient(config);
  if (checkRun === null || checkRun.status === "completed") return { outcome: "skipped" };
  const installation = checkRun.repository.installation;
  if (app === undefined || installation === null || installation.deletedAt !== null || installation.suspendedAt !== null) {
    log.warn({ appConfigured: app !== undefined }, "check run skipped: no usable GitHub App installation");
    await updateCheckRun(db, checkRunId, { status: "skipped" });
    return { outcome: "skipped" };
  }
  const { owner, name: repo } = checkRun.repository;
  const octokit = await installationOctokit(app, Number(installation.id));
  const head = await findScan(db, { repositoryId: checkRun.repositoryId, commitSha: checkRun.headSha, rulesetVersion: RULESET_VERSION });
  const detailsUrl = head === null ? `${config.publicUrl}/r/${owner}/${repo}` : `${config.publicUrl}/scans/${head.id}`;

  let githubCheckRunId = checkRun.githubCheckRunId === null ? undefined : Number(checkRun.githubCheckRunId);
  if (githubCheckRunId === undefined) {
    githubCheckRunId = await createCheckRun(octokit, { owner, repo, headSha: checkRun.headSha, detailsUrl, externalId: checkRunId });
    await updateCheckRun(db, checkRunId, { githubCheckRunId, status: "in_progress", scanId: head?.id ?? null });
    log.info({ githubCheckRunId }, "check run created");
  }

  const base =
    checkRun.baseSha === null
      ? null
      : await findScan(db, { repositoryId: checkRun.repositoryId, commitSha: checkRun.baseSha, rulesetVersion: RULESET_VERSION });
  const waiting = head === null || !FINISHED.has(head.status) || (base !== null && !FINISHED.has(base.status));
  if (waiting && Date.now() - checkRun.createdAt.getTime() < CHECK_RUN_WAIT_LIMIT_MS) return { outcome: "waiting" };
  if (head === null || waiting) {
    const output = neutralOutput(`the scans did not finish within ${CHECK_RUN_WAIT_LIMIT_MS / 60_000} minutes`);
    await publishCheckRun(octokit, { owner, repo, checkRunId: githubCheckRunId, detailsUrl, ...output });
    await updateCheckRun(db, checkRunId, { status: "completed", conclusion: output.conclusion });
    return { outcome: "completed", conclusion: output.conclusion };
  }

  // Annotations go on the lines the pull request changed; a failed scan has none to place.
  const changedLines =
    head.status === "done"
      ? changedLinesFromPatches(await listPullRequestFiles(octokit, { owner, repo, pullNumber: checkRun.pullRequestNumber }))
      : new Map();
  const output = checkRunOutput({
    head: asOutcome(head),
    base: base === null ? undefined : asOutcome(base),
    baseRef: checkRun.baseRef ?? undefined,
    changedLines,
    detailsUrl,
  });
  await publishCheckRun(octokit, { owner, repo, checkRunId: githubCheckRunId, detailsUrl, ...output });
  await updateCheckRun(db, checkRunId, { status: "completed", conclusion: output.conclusion, scanId: head.id });
  log.info({ conclusion: output.conclusion, annotations: output.annotations.length }, "check run completed");
  return { outcome: "completed", conclusion: output.conclusion };
}
