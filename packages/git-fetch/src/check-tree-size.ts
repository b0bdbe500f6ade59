import { FetchError } from "./fetch-error.js";
import { formatMiB } from "./fetch-limits.js";
import type { RunGit } from "./git-runner.js";

export interface CheckTreeSizeOptions {
  /** A repository holding `commit`'s objects. */
  checkout: string;
  commit: string;
  maxBytes: number;
  maxFiles: number;
  repositoryUrl: string;
}

/**
 * The size of the file in one line of `git ls-tree -l`, `<mode> SP <type> SP <object> SP+ <size>
 * TAB <path>`, or undefined for an entry that is not checked out as a file (a submodule's commit).
 * Only the part before the tab is read, since the path may contain spaces.
 */
function checkedOutFileSize(line: string): number | undefined {
  const [, type, , size = ""] = line.slice(0, line.indexOf("\t")).split(/ +/);
  return type === "blob" && /^\d+$/.test(size) ? Number(size) : undefined;
}

/**
 * Refuses, before anything is written, a commit whose files would take more than `maxBytes` or
 * number more than `maxFiles` once checked out. The pack limit is not enough: git compresses, and a
 * small pack can hold a large file of zeros. The listing is read as it streams and stopped at the
 * first excess, so a tree of millions of entries is never held in memory.
 */
export async function checkTreeSize(git: RunGit, options: CheckTreeSizeOptions): Promise<void> {
  const { maxBytes, maxFiles } = options;
  const at = `${options.repositoryUrl} at ${options.commit.slice(0, 12)}`;
  const excess = new AbortController();
  let files = 0;
  let bytes = 0;
  await git(["-C", options.checkout, "ls-tree", "-r", "-l", "--full-tree", options.commit], {
    step: "git ls-tree",
    signal: excess.signal,
    onLine: (line) => {
      const size = checkedOutFileSize(line);
      if (size === undefined || excess.signal.aborted) return;
      files += 1;
      bytes += size;
      const problem =
        files > maxFiles
          ? `has more than the limit of ${maxFiles} files`
          : bytes > maxBytes
            ? `is larger than the ${formatMiB(maxBytes)} limit once checked out`
            : undefined;
      if (problem) excess.abort(new FetchError("repo_too_large", `the repository ${at} ${problem}`));
    },
  });
}
