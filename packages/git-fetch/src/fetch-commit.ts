import { join } from "node:path";
import { directorySize, watchDirectorySize } from "./directory-size.js";
import { FetchError } from "./fetch-error.js";
import { formatMiB } from "./fetch-limits.js";
import type { RunGit } from "./git-runner.js";

/** How often the growing pack is measured: often enough to stop within a few MiB on a fast link. */
const SIZE_CHECK_INTERVAL_MS = 200;

export interface FetchCommitOptions {
  /** A repository made by `git init`, without a checkout yet. */
  checkout: string;
  cloneUrl: string;
  /** A full sha. */
  commit: string;
  maxBytes: number;
  repositoryUrl: string;
}

/**
 * Fetches `commit` alone (depth 1, no tags, no submodules) into `checkout` without checking it out,
 * and returns the commit it names (the tagged commit, if the sha is a tag's). The transfer is
 * stopped once the objects received outgrow `maxBytes`: git has no such limit for fetches, so the
 * object directory is measured while it grows, and once more at the end for a transfer faster
 * than the checks.
 */
export async function fetchCommit(git: RunGit, options: FetchCommitOptions): Promise<string> {
  const { checkout, commit, maxBytes } = options;
  const tooLarge = () =>
    new FetchError("repo_too_large", `the repository ${options.repositoryUrl} is larger than the ${formatMiB(maxBytes)} limit`);
  const objects = join(checkout, ".git", "objects");
  const sizeGuard = new AbortController();
  const stopWatching = watchDirectorySize(objects, {
    maxBytes,
    intervalMs: SIZE_CHECK_INTERVAL_MS,
    onExceeded: () => sizeGuard.abort(tooLarge()),
  });
  try {
    // A protocol-v2 fetch takes any commit by sha; `--` ends the options before the URL.
    // `fetch.unpackLimit=1` keeps even a one-blob transfer as a pack, which index-pack writes as it
    // arrives; below the default limit of 100 objects git would unpack each object in memory and
    // write it only once complete, so a single huge blob would stay invisible to the size checks.
    await git(
      [
        "-c",
        "fetch.unpackLimit=1",
        "-C",
        checkout,
        "fetch",
        "--quiet",
        "--depth=1",
        "--no-tags",
        "--no-recurse-submodules",
        "--",
        options.cloneUrl,
        commit,
      ],
      {
        step: "git fetch",
        signal: sizeGuard.signal,
        wanted: `the commit ${commit}`,
      },
    );
  } finally {
    stopWatching();
  }
  if ((await directorySize(objects)) > maxBytes) throw tooLarge();
  const fetched = await git(["-C", checkout, "rev-parse", "--verify", "--quiet", `${commit}^{commit}`], { step: "git rev-parse" }).catch(
    (error: unknown) => {
      if (error instanceof FetchError && error.code === "fetch_failed") return undefined;
      throw error;
    },
  );
  if (fetched === undefined) throw new FetchError("ref_not_found", `${commit} is not a commit in ${options.repositoryUrl}`);
  return fetched.trim();
}
