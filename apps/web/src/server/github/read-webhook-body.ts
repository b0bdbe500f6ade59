import { readCappedBody } from "../api/read-capped-body.js";

/** GitHub caps payloads at 25 MB, but what Lastcall acts on (installations, pushes, pull requests) is far smaller. */
const MAX_WEBHOOK_BODY_BYTES = 5 * 1024 * 1024;

/**
 * The body exactly as sent, as text, for the signature check: at most 5 MiB, whatever Content-Length
 * claims. Bytes that are not UTF-8 are replaced, which no signature matches, so they end in a 401.
 */
export async function readWebhookBody(request: Request): Promise<string> {
  return (await readCappedBody(request, MAX_WEBHOOK_BODY_BYTES)).toString("utf8");
}
