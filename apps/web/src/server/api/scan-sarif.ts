import { allRules, formatReport, type Report } from "@lastcall/analyzer";
import type { ScanWithRepository } from "@lastcall/db";
import { ApiError } from "./api-error.js";
import { apiScanStatus } from "./scan-resource.js";

/** `lastcall-<owner>-<repo>-<sha7>.sarif`; GitHub names are [A-Za-z0-9._-] already, the filter keeps the header safe regardless. */
export function sarifFileName(owner: string, name: string, commit: string | null): string {
  const safe = (part: string) => part.replace(/[^A-Za-z0-9._-]/g, "_");
  return `lastcall-${safe(owner)}-${safe(name)}-${safe((commit ?? "unknown").slice(0, 7))}.sarif`;
}

/** The scan's report as a SARIF 2.1.0 download; 409 `scan_not_done` while there is no report (yet). */
export function sarifResponse(scan: ScanWithRepository): Response {
  if (scan.status !== "done" || scan.report === null) {
    throw new ApiError(409, "scan_not_done", `The scan is ${apiScanStatus(scan.status)}: SARIF is available once it is done`);
  }
  const sarif = formatReport(scan.report as unknown as Report, "sarif", { rules: allRules });
  return new Response(sarif, {
    headers: {
      "content-type": "application/sarif+json",
      "content-disposition": `attachment; filename="${sarifFileName(scan.repository.owner, scan.repository.name, scan.commitSha)}"`,
      "cache-control": "no-store",
    },
  });
}
