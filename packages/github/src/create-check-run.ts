import type { Octokit } from "@octokit/rest";

/** The check's name on pull requests; branch protection rules refer to it, so it never changes. */
export const CHECK_RUN_NAME = "Lastcall shutdown audit";

export interface CreateCheckRunOptions {
  owner: string;
  repo: string;
  headSha: string;
  /** Lastcall's page for the scan, shown as the check's "Details" link while it runs and after. */
  detailsUrl: string;
  /** Our id for the run (e.g. the scan id), echoed back by GitHub in check_run events. */
  externalId?: string;
}

/** Opens the check run `in_progress` on the head commit; returns GitHub's check-run id. */
export async function createCheckRun(
  octokit: Octokit,
  { owner, repo, headSha, detailsUrl, externalId }: CreateCheckRunOptions,
): Promise<number> {
  const { data } = await octokit.rest.checks.create({
    owner,
    repo,
    name: CHECK_RUN_NAME,
    head_sha: headSha,
    status: "in_progress",
    started_at: new Date().toISOString(),
    details_url: detailsUrl,
    ...(externalId === undefined ? {} : { external_id: externalId }),
    output: {
      title: "Scanning",
      summary: "Lastcall is auditing this commit's shutdown path; the result appears here when the scan finishes.",
    },
  });
  return data.id;
}
