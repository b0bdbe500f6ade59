import type { Report } from "@lastcall/analyzer";

/** Parent → child: the one request a child process serves before it exits. */
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
