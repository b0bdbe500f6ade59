import { useRouter } from "next/navigation";
import { useState } from "react";
import { submitScanRequest } from "@/view/scan-api-client";

/**
 * Asking for a scan from a client component: on success the browser goes to the scan's page (which
 * shows the report at once for a commit scanned before); on failure `error` holds the API's reason.
 */
export function useScanSubmission() {
  const router = useRouter();
  const [error, setError] = useState("");
  const [pending, setPending] = useState(false);

  async function submit(request: { url: string; ref?: string }) {
    setPending(true);
    setError("");
    const result = await submitScanRequest(request);
    if (result.ok) {
      router.push(`/scans/${result.id}`);
      return;
    }
    setError(result.message);
    setPending(false);
  }

  return { error, setError, pending, submit };
}
