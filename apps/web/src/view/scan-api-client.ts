/** The browser's side of the JSON API (`/api/v1/scans`), for the client components. */

export type ScanRequestResult = { ok: true; id: string } | { ok: false; message: string };

function errorMessage(body: unknown): string | undefined {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof message === "string" && message !== "" ? message : undefined;
}

/**
 * Asks for a scan of a repository URL (`owner/repo`, `…/tree/<ref>[/<dir>]`). The API answers 202 for
 * a new scan and 200 for one that exists (the same commit): both lead to the scan's page. Errors come
 * back as sentences the form can show as they are.
 */
export async function submitScanRequest(request: { url: string; ref?: string }): Promise<ScanRequestResult> {
  let response: Response;
  try {
    response = await fetch("/api/v1/scans", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(request),
    });
  } catch {
    return { ok: false, message: "Could not reach Lastcall. Check your connection and try again." };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const id = (body as { id?: unknown } | null)?.id;
    return typeof id === "string" ? { ok: true, id } : { ok: false, message: "Lastcall sent an unexpected answer. Try again." };
  }
  if (response.status === 429) {
    const seconds = Number(response.headers.get("retry-after"));
    const wait = Number.isFinite(seconds) && seconds > 0 ? `in ${Math.ceil(seconds)} s` : "in a moment";
    return { ok: false, message: `Too many scans requested. Try again ${wait}.` };
  }
  return { ok: false, message: errorMessage(body) ?? `The scan could not be requested (HTTP ${response.status}). Try again.` };
}
