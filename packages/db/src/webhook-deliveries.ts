import type { Db } from "./create-db.js";
import { type GithubId, toGithubId } from "./github-id.js";

export interface WebhookDeliveryInput {
  /** The X-GitHub-Delivery header. */
  id: string;
  event: string;
  action?: string | null;
  installationId?: GithubId | null;
}

/**
 * Records a delivery once. GitHub redelivers (and people press "Redeliver"), so `firstTime` false means
 * this delivery was handled, or is being handled, already.
 */
export async function recordWebhookDelivery(db: Db, delivery: WebhookDeliveryInput): Promise<{ firstTime: boolean }> {
  const { count } = await db.webhookDelivery.createMany({
    data: [
      {
        id: delivery.id,
        event: delivery.event,
        action: delivery.action ?? null,
        installationId: toGithubId(delivery.installationId) ?? null,
      },
    ],
    skipDuplicates: true,
  });
  return { firstTime: count === 1 };
}

/** What handling the delivery came to, e.g. outcome "enqueued" or "ignored", or an error. */
export async function markWebhookDeliveryProcessed(db: Db, id: string, result: { outcome: string; error?: string | null }): Promise<void> {
  await db.webhookDelivery.update({
    where: { id },
    data: { processedAt: new Date(), outcome: result.outcome, error: result.error ?? null },
  });
}
