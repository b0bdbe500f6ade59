import type { Octokit } from "@octokit/rest";
import type { CheckRunOutput } from "./check-run-output.js";

/** GitHub's checks API takes at most 50 annotations per request; later updates append to the run's list. */
export const MAX_ANNOTATIONS_PER_REQUEST = 50;

export interface PublishCheckRunOptions extends CheckRunOutput {
  owner: string;
  repo: string;
  checkRunId: number;
  /** The full report on Lastcall. */
  detailsUrl: string;
}

/**
 * Completes a check run with its conclusion, title, summary and first 50 annotations, then appends the
 * remaining annotations 50 at a time. Completing first means the conclusion is published even if a later
 * append fails; the appends resend only the output, which GitHub requires to carry a title and summary.
 */
export async function publishCheckRun(octokit: Octokit, options: PublishCheckRunOptions): Promise<void> {
  const { owner, repo, checkRunId, conclusion, title, summary, annotations, detailsUrl } = options;
  const batches: CheckRunOutput["annotations"][] = [];
  for (let start = 0; start < annotations.length; start += MAX_ANNOTATIONS_PER_REQUEST) {
    batches.push(annotations.slice(start, start + MAX_ANNOTATIONS_PER_REQUEST));
  }
  const [first = [], ...rest] = batches;
  await octokit.rest.checks.update({
    owner,
    repo,
    check_run_id: checkRunId,
    status: "completed",
    conclusion,
    completed_at: new Date().toISOString(),
    details_url: detailsUrl,
    output: { title, summary, annotations: first },
  });
  for (const batch of rest) {
    await octokit.rest.checks.update({ owner, repo, check_run_id: checkRunId, output: { title, summary, annotations: batch } });
  }
}
