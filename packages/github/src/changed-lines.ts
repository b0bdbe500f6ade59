/** One entry of GitHub's "list pull request files" response, as far as this module reads it. */
export interface PullRequestFile {
  filename: string;
  /** added, removed, modified, renamed, copied, changed or unchanged. */
  status: string;
  /** The unified diff's hunks; GitHub leaves it out for binary files and very large diffs. */
  patch?: string;
}

/** Lines added or changed per file (new-side line numbers), or "all" for a file that is new in the pull request. */
export type ChangedLines = Map<string, Set<number> | "all">;

const HUNK_HEADER = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** New-side numbers of the `+` lines of a patch; context and removed lines are not changes of the pull request. */
function addedLines(patch: string): Set<number> {
  const lines = new Set<number>();
  let next: number | undefined;
  for (const line of patch.split("\n")) {
    const header = HUNK_HEADER.exec(line);
    if (header) next = Number(header[1]);
    else if (next === undefined) continue;
    else if (line.startsWith("+")) lines.add(next++);
    else if (line.startsWith(" ")) next++;
    // "-" lines exist only on the old side; "\ No newline at end of file" is not a line.
  }
  return lines;
}

/**
 * Which lines a pull request touches, from the `patch` of each file GitHub lists. An added (or copied)
 * file counts whole, even when GitHub left its patch out for size; a removed file has no lines; a
 * modified file without a patch (too large to show) has none we can name.
 */
export function changedLinesFromPatches(files: readonly PullRequestFile[]): ChangedLines {
  const changed: ChangedLines = new Map();
  for (const file of files) {
    if (file.status === "removed") continue;
    if (file.status === "added" || file.status === "copied") changed.set(file.filename, "all");
    else if (file.patch !== undefined) changed.set(file.filename, addedLines(file.patch));
  }
  return changed;
}
