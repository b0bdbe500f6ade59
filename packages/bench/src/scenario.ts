/** One target of the issue, judged: the figure it is judged on and how far off it is when missed. */
export interface TargetResult {
  target: string;
  measured: string;
  met: boolean;
}

/** What a scenario hands to the report: its Markdown section and its judged targets. */
export interface ScenarioResult {
  title: string;
  markdown: string;
  targets: TargetResult[];
}

/** Progress goes to stderr: stdout is left for the report when it is not written to a file. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
