/** A scan's progress as the scan page shows it; shared by the server render and the live client component. */

export type ScanStage = "queued" | "fetching" | "analyzing" | "scoring" | "done" | "failed";

export interface ScanStatusView {
  stage: ScanStage;
  filesDone: number | null;
  filesTotal: number | null;
  /** Why it failed, in words. */
  error?: string;
}

/** The steps a scan goes through, in order; a failed scan stops at the one it was on. */
export const PROGRESS_STEPS: ReadonlyArray<{ stage: Exclude<ScanStage, "failed">; label: string }> = [
  { stage: "queued", label: "Queued" },
  { stage: "fetching", label: "Fetching the repository" },
  { stage: "analyzing", label: "Analyzing files" },
  { stage: "scoring", label: "Scoring" },
  { stage: "done", label: "Done" },
];

const STAGES = new Set<string>(["queued", "fetching", "analyzing", "scoring", "done", "failed"]);

export function isFinal(stage: ScanStage): boolean {
  return stage === "done" || stage === "failed";
}

/** One sentence for the live region: what is happening now. */
export function describeStatus(view: ScanStatusView): string {
  switch (view.stage) {
    case "queued":
      return "Waiting for a worker…";
    case "fetching":
      return "Fetching the repository…";
    case "analyzing":
      return view.filesTotal === null ? "Analyzing files…" : `Analyzing files: ${view.filesDone ?? 0} of ${view.filesTotal}`;
    case "scoring":
      return "Scoring…";
    case "done":
      return "Done. Loading the report…";
    case "failed":
      return `The scan failed: ${view.error ?? "unknown error"}`;
  }
}

function count(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** The API reports 0 files before the analyzer has counted them. */
function total(value: unknown): number | null {
  const files = count(value);
  return files === null || files === 0 ? null : files;
}

/** Reads `GET /api/v1/scans/<id>` (and its `progress` events); undefined when it is not that shape. */
export function parseScanStatus(payload: unknown): ScanStatusView | undefined {
  if (typeof payload !== "object" || payload === null) return undefined;
  const { stage, progress, error } = payload as {
    stage?: unknown;
    progress?: { filesDone?: unknown; filesTotal?: unknown };
    error?: unknown;
  };
  if (typeof stage !== "string" || !STAGES.has(stage)) return undefined;
  const message = typeof error === "object" && error !== null ? (error as { message?: unknown }).message : undefined;
  return {
    stage: stage as ScanStage,
    filesDone: count(progress?.filesDone),
    filesTotal: total(progress?.filesTotal),
    ...(typeof message === "string" ? { error: message } : {}),
  };
}
