import type { CheckRunAnnotation } from "./check-run-annotations.js";

/** The conclusions Lastcall reports: pass, fail, or could not tell (a failed scan). */
export type CheckRunConclusion = "success" | "failure" | "neutral";

/** What a finished check run shows. */
export interface CheckRunOutput {
  conclusion: CheckRunConclusion;
  /** Plain text, one line. */
  title: string;
  /** GitHub Markdown, at most 65,535 characters. */
  summary: string;
  annotations: CheckRunAnnotation[];
}
