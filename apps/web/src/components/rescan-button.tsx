"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { submitScanRequest } from "@/view/scan-api-client";

/** Asks for a scan of `url` (its default branch unless `ref` says otherwise) and goes to the scan's page. */
export function RescanButton({ url, scanRef, label }: { url: string; scanRef?: string; label: string }) {
  const router = useRouter();
  const [error, setError] = useState("");
  const [pending, setPending] = useState(false);

  async function rescan() {
    setPending(true);
    setError("");
    const result = await submitScanRequest(scanRef === undefined ? { url } : { url, ref: scanRef });
    if (result.ok) {
      router.push(`/scans/${result.id}`);
      return;
    }
    setError(result.message);
    setPending(false);
  }

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
