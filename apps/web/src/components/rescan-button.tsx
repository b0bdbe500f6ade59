"use client";

import { useScanSubmission } from "./use-scan-submission";

/** Asks for a scan of `url` (its default branch unless `ref` says otherwise) and goes to the scan's page. */
export function RescanButton({ url, scanRef, label }: { url: string; scanRef?: string; label: string }) {
  const { error, pending, submit } = useScanSubmission();
  const rescan = () => submit(scanRef === undefined ? { url } : { url, ref: scanRef });

  return (
    <div className="rescan">
      <button type="button" className="button" onClick={rescan} disabled={pending}>
        {pending ? "Starting…" : label}
      </button>
      <p className="form-error" aria-live="polite">
        {error}
      </p>
    </div>
  );
}
