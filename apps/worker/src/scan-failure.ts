import { FetchError } from "@lastcall/git-fetch";
import { SCAN_ERROR_CODES, type ScanErrorCode } from "@lastcall/jobs";

/** A scan that cannot complete, with the code and reason stored on the scan and shown to users. */
export class ScanFailure extends Error {
  override readonly name = "ScanFailure";
  readonly permanent: boolean;

  constructor(
    readonly code: ScanErrorCode,
    message: string,
  ) {
    super(message);
    this.permanent = SCAN_ERROR_CODES[code].permanent;
  }
}

/** Every error a scan can meet, as a ScanFailure: known ones keep their code, the rest are internal. */
export function toScanFailure(error: unknown): ScanFailure {
  if (error instanceof ScanFailure) return error;
  if (error instanceof FetchError) return new ScanFailure(error.code, error.message);
  const message = error instanceof Error ? error.message : String(error);
  return new ScanFailure("internal", message.slice(0, 500));
}
