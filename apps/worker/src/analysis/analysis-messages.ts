import type { Report } from "@lastcall/analyzer";

/** Parent → child: one analysis, sent once the previous one is answered. */
export interface AnalysisRequest {
  dir: string;
  commit: string;
  displayPath: string;
}

/** Child → parent. */
export type AnalysisMessage =
  | { type: "progress"; filesDone: number; filesTotal: number }
  | { type: "report"; report: Report }
  | { type: "rejected"; message: string };
