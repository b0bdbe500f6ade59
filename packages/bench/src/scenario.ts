/** One target of the issue, judged: the figure it is judged on and how far off it is when missed. */
export interface TargetResult {
  target: string;
  measured: string;
  met: boolean;
  /** When missed: by how much, in the target's own terms. */
  missedBy?: string;
}

function judgeLimit(target: string, value: number, limit: number, measured: string, met: boolean): TargetResult {
  return { target, measured, met, ...(met ? {} : { missedBy: `${(value / limit).toFixed(2)}× the limit` }) };
}

/** A figure that must stay at or below `limit`, judged; a miss says how many times the limit it is. */
export const atMost = (target: string, value: number, limit: number, measured: string): TargetResult =>
  judgeLimit(target, value, limit, measured, value <= limit);

/** A figure that must stay under `limit`, judged like atMost. */
export const below = (target: string, value: number, limit: number, measured: string): TargetResult =>
  judgeLimit(target, value, limit, measured, value < limit);

/** A figure that must reach `minimum`, judged; a miss says how many times short of it it is. */
export function atLeast(target: string, value: number, minimum: number, measured: string): TargetResult {
  const met = value >= minimum;
  return { target, measured, met, ...(met ? {} : { missedBy: `${(minimum / value).toFixed(2)}× short` }) };
}

/** What a scenario hands to the report: its Markdown section and its judged targets. */
export interface ScenarioResult {
  markdown: string;
  targets: TargetResult[];
}

/** A scenario's section of the report, under its title. */
export interface ReportSection extends ScenarioResult {
  title: string;
}

/** Progress goes to stderr: stdout is left for the report when it is not written to a file. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/**
 * A profile explains a missed target; it is not itself a measurement. If it cannot be taken (the
 * web app rebuilt under the run, say), the section says so and the report goes on.
 */
export async function whereTheTimeGoes(heading: string, profile: () => Promise<string>): Promise<string[]> {
  try {
    return [`### ${heading}`, await profile()];
  } catch (error) {
    progress(`profile failed: ${error instanceof Error ? error.message : String(error)}`);
    return [`### ${heading}`, `The profile could not be taken: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`];
  }
}
