/**
 * Why a repository could not be fetched:
 * - `repo_not_found`: no such repository, or a private one (GitHub answers both alike);
 * - `ref_not_found`: no such branch, tag or commit, or a ref that is not a valid name;
 * - `repo_too_large`: the transfer or the checked-out files exceed `maxBytes`, or the files `maxFiles`;
 * - `fetch_timeout`: the whole fetch took longer than `timeoutMs`;
 * - `host_not_allowed`: the URL is not a repository URL on the configured server, or the server is
 *   neither https nor a loopback http server;
 * - `subdir_not_found`: the requested directory is missing, not a directory, or leads outside;
 * - `checkout_failed`: git refuses to write the commit's files (a path such as `.git/hooks/x` or one
 *   too long for the file system); the same commit would fail the same way anywhere;
 * - `git_missing`: git is not installed where this runs;
 * - `fetch_failed`: anything else git reports, mostly network or server trouble.
 */
export type FetchErrorCode =
  | "repo_not_found"
  | "ref_not_found"
  | "repo_too_large"
  | "fetch_timeout"
  | "host_not_allowed"
  | "subdir_not_found"
  | "checkout_failed"
  | "git_missing"
  | "fetch_failed";

/** The failures that trying again, later or on another machine, can cure. */
const TRANSIENT_CODES: ReadonlySet<FetchErrorCode> = new Set(["fetch_failed", "git_missing"]);

/**
 * A failure that says whether trying again can help (`permanent: false`). Transient are
 * `fetch_failed` and `git_missing`, which is a fault of the machine, not of the repository.
 * `fetch_timeout` counts as permanent: the time limit is meant to be generous, so a repository that
 * exhausted it once would most likely exhaust it again, and each retry would hold a worker for the
 * whole limit; a server that is down fails fast, as `fetch_failed`, instead.
 */
export class FetchError extends Error {
  override readonly name = "FetchError";
  readonly code: FetchErrorCode;
  readonly permanent: boolean;

  constructor(code: FetchErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.permanent = !TRANSIENT_CODES.has(code);
  }
}
