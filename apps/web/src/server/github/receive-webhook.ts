import { markWebhookDeliveryProcessed, recordWebhookDelivery } from "@lastcall/db";
import { parseWebhookHeaders } from "@lastcall/github";
import { ApiError } from "../api/api-error.js";
import type { WebRuntime } from "../runtime.js";
import { handleWebhookEvent } from "./handle-webhook-event.js";
import { readWebhookBody } from "./read-webhook-body.js";
import { webhookEnvelopeSchema } from "./webhook-payloads.js";

function invalidSignature(): ApiError {
  return new ApiError(
    401,
    "invalid_signature",
    "X-Hub-Signature-256 is missing or does not match the body with the configured webhook secret",
  );
}

function parseJson(rawBody: string): unknown {
  try {
    return JSON.parse(rawBody);
  } catch {
    throw new ApiError(400, "invalid_body", "the body is not JSON (set the webhook's content type to application/json)");
  }
}

/**
 * `POST /api/github/webhooks`, as octokit/webhooks.js receives: the three headers required, the
 * signature checked on the raw body before anything in it is read, the delivery recorded once
 * (GitHub's redeliveries and replays of one delivery id do nothing), the event handled, 202. Handling
 * only writes rows and queues jobs, so GitHub (which gives up after 10 s) gets its answer fast.
 */
export async function receiveWebhook(request: Request, runtime: WebRuntime): Promise<Response> {
  const { githubApp, db, logger } = runtime;
  if (githubApp === undefined) {
    throw new ApiError(404, "github_app_not_configured", "The GitHub App is not configured on this server; see /setup/github");
  }
  const headers = parseWebhookHeaders(request.headers);
  if (!headers.ok) {
    const missing = headers.missing.filter((name) => name !== "x-hub-signature-256");
    if (missing.length > 0)
      throw new ApiError(400, "missing_headers", `a GitHub webhook delivery needs the ${missing.join(" and ")} headers`);
    throw invalidSignature();
  }
  const rawBody = await readWebhookBody(request);
  if (!(await githubApp.verifyWebhook(rawBody, headers.signature))) throw invalidSignature();

  const payload = parseJson(rawBody);
  const envelope = webhookEnvelopeSchema.safeParse(payload);
  if (!envelope.success) throw new ApiError(400, "invalid_body", "the body is not a JSON object");
  const { action, installation } = envelope.data;
  const delivery = { id: headers.delivery, event: headers.event, action, installationId: installation?.id };
  const { firstTime } = await recordWebhookDelivery(db, delivery);
  if (!firstTime) return Response.json({ duplicate: true }, { status: 200, headers: { "cache-control": "no-store" } });

  const log = logger.child({ delivery: delivery.id, event: delivery.event, action });
  try {
    const outcome = await handleWebhookEvent(runtime, headers.event, action, payload);
    await markWebhookDeliveryProcessed(db, delivery.id, { outcome });
    log.info({ outcome }, "webhook delivery handled");
    return Response.json({ outcome }, { status: 202, headers: { "cache-control": "no-store" } });
  } catch (error) {
    // The row says what went wrong; the delivery id stays taken, so only a fix and a new event retry it.
    await markWebhookDeliveryProcessed(db, delivery.id, {
      outcome: "error",
      error: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
}
