import type { CheckRunOutput } from "./check-run-output.js";
import { escapeMarkdown } from "./escape-markdown.js";
import { truncateEnd } from "./truncate-text.js";

const MAX_REASON_LENGTH = 2_000;

/**
 * The output for a scan that could not finish: `neutral`, because a failed scan says nothing about the
 * pull request and should not block it. The reason may quote the repository (paths, git messages), so it is escaped.
 */
export function neutralOutput(reason: string): CheckRunOutput {
  return {
    conclusion: "neutral",
    title: "Scan failed",
    summary: `Lastcall could not finish the scan of this commit: ${escapeMarkdown(truncateEnd(reason, MAX_REASON_LENGTH))}`,
    annotations: [],
  };
}
