import type { Octokit } from "@octokit/rest";
import type { PullRequestFile } from "./changed-lines.js";

export interface ListPullRequestFilesOptions {
  owner: string;
  repo: string;
  pullNumber: number;
}

/** Every file of a pull request with its patch, following GitHub's pagination (GitHub lists at most 3,000 files). */
export async function listPullRequestFiles(
  octokit: Octokit,
  { owner, repo, pullNumber }: ListPullRequestFilesOptions,
): Promise<PullRequestFile[]> {
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: pullNumber, per_page: 100 });
  return files.map(({ filename, status, patch }) => (patch === undefined ? { filename, status } : { filename, status, patch }));
}
