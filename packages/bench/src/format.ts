import type { Summary } from "./stats.js";

/** Milliseconds as people read them: `850 ms`, `1.42 s`. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return "–";
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 1 : 0)} ms`;
}

export const ratio = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}×` : "–");
export const mib = (value: number): string => `${value.toFixed(0)} MiB`;
export const count = (value: number): string => Math.round(value).toLocaleString("en-US");

/** A median with the range it came from: `1.42 s (1.30–1.61 s)`. */
export function medianRange(summary: Summary, unit: (value: number) => string = ms): string {
  return `${unit(summary.median)} (${unit(summary.min)}–${unit(summary.max)})`;
}

export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
