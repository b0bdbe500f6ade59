/**
 * Why a scan failed, as stored in `Scan.errorCode` and shown to users. Permanent failures are
 * properties of the repository or of the request and are never retried; transient ones are.
 */
export const SCAN_ERROR_CODES = {
  repo_not_found: { permanent: true, title: "Repository not found" },
  ref_not_found: { permanent: true, title: "Branch, tag or commit not found" },
  repo_too_large: { permanent: true, title: "Repository too large" },
  fetch_timeout: { permanent: true, title: "Fetching took too long" },
  host_not_allowed: { permanent: true, title: "Host not allowed" },
  subdir_not_found: { permanent: true, title: "Directory not found" },
  checkout_failed: { permanent: true, title: "The commit cannot be checked out" },
  analysis_timeout: { permanent: true, title: "Analysis took too long" },
  analysis_out_of_memory: { permanent: true, title: "Analysis ran out of memory" },
  analysis_crashed: { permanent: true, title: "The analyzer crashed" },
  analysis_failed: { permanent: true, title: "The analyzer rejected the repository" },
  git_missing: { permanent: false, title: "git is not available on the worker" },
  fetch_failed: { permanent: false, title: "Fetching failed" },
  internal: { permanent: false, title: "Internal error" },
} as const satisfies Record<string, { permanent: boolean; title: string }>;

export type ScanErrorCode = keyof typeof SCAN_ERROR_CODES;

export function isScanErrorCode(code: string): code is ScanErrorCode {
  return Object.hasOwn(SCAN_ERROR_CODES, code);
}
