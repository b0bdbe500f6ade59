import { Webhooks } from "@octokit/webhooks";

export interface VerifyWebhookOptions {
  /** The current secret first; a second one is accepted while the secret is being rotated. */
  secrets: readonly string[];
  /** The request body exactly as received (UTF-8), before any JSON parsing: the signature covers these bytes. */
  rawBody: string;
  /** The `X-Hub-Signature-256` header (`sha256=<hex>`). */
  signature: string | undefined;
}

/**
 * Checks a delivery's `X-Hub-Signature-256` against each configured secret, with @octokit/webhooks'
 * constant-time `verify`. Call it before parsing the body: nothing in an unverified payload is trusted.
 */
export async function verifyWebhook({ secrets, rawBody, signature }: VerifyWebhookOptions): Promise<boolean> {
  // An empty secret would make every signature computed with "" valid; refuse the configuration outright.
  if (secrets.length === 0 || secrets.some((secret) => secret === "")) {
    throw new TypeError("verifyWebhook needs at least one non-empty webhook secret");
  }
  // @octokit/webhooks throws on an empty payload or signature; neither can be a valid delivery.
  if (!signature || rawBody === "") return false;
  for (const secret of secrets) {
    if (await new Webhooks({ secret }).verify(rawBody, signature)) return true;
  }
  return false;
}
