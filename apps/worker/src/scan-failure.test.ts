import { FetchError, type FetchErrorCode } from "@lastcall/git-fetch";
import { describe, expect, it } from "vitest";
import { ScanFailure, toScanFailure } from "./scan-failure.js";

const FETCH_ERROR_CODES: FetchErrorCode[] = [
  "repo_not_found",
  "ref_not_found",
  "repo_too_large",
  "fetch_timeout",
  "host_not_allowed",
  "subdir_not_found",
  "checkout_failed",
  "git_missing",
  "fetch_failed",
];

describe("toScanFailure", () => {
  it("keeps a fetch error's code, message and permanence (a permanent one is never retried)", () => {
    for (const code of FETCH_ERROR_CODES) {
      const fetchError = new FetchError(code, `reason for ${code}`);
      const failure = toScanFailure(fetchError);
      expect(failure).toMatchObject({ code, message: `reason for ${code}`, permanent: fetchError.permanent });
    }
  });

  it("retries what may pass (network trouble) and not what will not (a missing repository)", () => {
    expect(toScanFailure(new FetchError("fetch_failed", "connection reset")).permanent).toBe(false);
    expect(toScanFailure(new FetchError("repo_not_found", "gone")).permanent).toBe(true);
  });

  it("turns anything else into a transient internal failure", () => {
    expect(toScanFailure(new Error("database connection lost"))).toMatchObject({ code: "internal", permanent: false });
    const known = new ScanFailure("analysis_timeout", "too slow");
    expect(toScanFailure(known)).toBe(known);
  });
});
