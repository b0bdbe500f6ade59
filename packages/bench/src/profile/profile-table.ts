import { ms, table } from "../format.js";
import type { Bucket } from "./cpu-profile.js";

/** The largest buckets, the rest summed into one row, as a Markdown table. */
export function profileTable(buckets: readonly Bucket[], label: string, rows = 10): string {
  const shown = buckets.slice(0, rows);
  const rest = buckets.slice(rows);
  const restMs = rest.reduce((sum, bucket) => sum + bucket.ms, 0);
  const restShare = rest.reduce((sum, bucket) => sum + bucket.share, 0);
  const cells = shown.map((bucket) => [bucket.name, ms(bucket.ms), `${(bucket.share * 100).toFixed(1)} %`]);
  if (rest.length > 0) cells.push([`other (${rest.length} more)`, ms(restMs), `${(restShare * 100).toFixed(1)} %`]);
  return table([label, "CPU time", "share"], cells);
}
