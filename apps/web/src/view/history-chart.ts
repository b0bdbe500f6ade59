import type { HistoryPoint } from "@lastcall/db";
import { formatDate, shortSha } from "./format.js";

export const CHART = { width: 640, height: 220, left: 40, right: 16, top: 16, bottom: 32 } as const;
export const GRIDLINES = [0, 25, 50, 75, 100] as const;

export interface PlottedPoint {
  scanId: string;
  x: number;
  y: number;
  /** Scored under another rule-set version than the latest point, so not directly comparable. */
  otherRuleset: boolean;
  scored: boolean;
  /** What hover and focus show: short commit and score. */
  title: string;
}

export interface HistoryLayout {
  points: PlottedPoint[];
  /** The polyline through the scored points, oldest to newest. */
  line: string;
  latestRuleset: string;
  firstDate: string;
  lastDate: string;
}

export function yFor(score: number): number {
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  return CHART.top + plotHeight * (1 - score / 100);
}

/** Places each scanned commit (oldest first) evenly along x and by score along y; unscored points sit on the baseline. */
export function layoutHistory(history: readonly HistoryPoint[]): HistoryLayout | undefined {
  const latest = history.at(-1);
  const first = history[0];
  if (latest === undefined || first === undefined) return undefined;
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const step = history.length > 1 ? plotWidth / (history.length - 1) : 0;
  const points = history.map((point, index): PlottedPoint => {
    const commit = point.commitSha === null ? "unknown commit" : shortSha(point.commitSha);
    const scored = point.score !== null;
    const ruleset = point.rulesetVersion === latest.rulesetVersion ? "" : ` (rule set ${point.rulesetVersion})`;
    return {
      scanId: point.id,
      x: history.length > 1 ? CHART.left + index * step : CHART.left + plotWidth / 2,
      y: yFor(point.score ?? 0),
      otherRuleset: point.rulesetVersion !== latest.rulesetVersion,
      scored,
      title: scored ? `${commit}: ${point.score} (${point.grade})${ruleset}` : `${commit}: not scored${ruleset}`,
    };
  });
  const line = points
    .filter((point) => point.scored)
    .map((point) => `${point.x.toFixed(1)},${point.y.toFixed(1)}`)
    .join(" ");
  const dateOf = (point: HistoryPoint) => (point.finishedAt === null ? "" : formatDate(point.finishedAt));
  return { points, line, latestRuleset: latest.rulesetVersion, firstDate: dateOf(first), lastDate: dateOf(latest) };
}
