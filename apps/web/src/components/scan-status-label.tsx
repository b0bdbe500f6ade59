import type { ScanStatus } from "@lastcall/db";
import { GradeBadge } from "./grade-badge";

/** A scan in a list: its grade and score when done, else where it stands. */
export function ScanStatusLabel({ scan }: { scan: { status: ScanStatus; grade: string | null; score: number | null } }) {
  if (scan.status !== "done") return <span className={`status status--${scan.status}`}>{scan.status}</span>;
  return (
    <span className="scan-score">
      <GradeBadge grade={scan.grade} />
      <span>{scan.score ?? "not scored"}</span>
    </span>
  );
}
