/** The headers every GitHub webhook delivery carries, and which the receiver cannot work without. */
export const REQUIRED_WEBHOOK_HEADERS = ["x-github-delivery", "x-github-event", "x-hub-signature-256"] as const;

export type WebhookHeaders = { ok: true; delivery: string; event: string; signature: string } | { ok: false; missing: string[] };

/** A Fetch API `Headers` (Next.js route handlers) or Node's `IncomingHttpHeaders`. */
export type HeaderSource = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  // Node joins repeated headers into one string; an array here means a caller-built record, take it only when unambiguous.
  if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined;
  return value as string | undefined;
}

/**
 * Reads the delivery id, event name and signature of a webhook request (octokit/webhooks.js'
 * middleware requires the same three); a request missing any of them is refused before its body is read.
 */
export function parseWebhookHeaders(headers: HeaderSource): WebhookHeaders {
  const values = REQUIRED_WEBHOOK_HEADERS.map((name) => readHeader(headers, name)?.trim() ?? "");
  const missing = REQUIRED_WEBHOOK_HEADERS.filter((_, index) => values[index] === "");
  if (missing.length > 0) return { ok: false, missing };
  const [delivery = "", event = "", signature = ""] = values;
  return { ok: true, delivery, event, signature };
}
