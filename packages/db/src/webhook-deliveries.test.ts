import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, type TestDb } from "./test-support/test-db.js";
import { markWebhookDeliveryProcessed, recordWebhookDelivery } from "./webhook-deliveries.js";

let testDb: TestDb;
beforeAll(async () => {
  testDb = await openTestDb();
});
afterAll(() => testDb.close());

describe("webhook deliveries", () => {
  it("recognises a redelivery, even when both arrive at once", async () => {
    const delivery = { id: "d1d2d3", event: "pull_request", action: "opened", installationId: 77 };

    const results = await Promise.all(Array.from({ length: 5 }, () => recordWebhookDelivery(testDb.db, delivery)));
    const later = await recordWebhookDelivery(testDb.db, delivery);

    expect(results.filter((result) => result.firstTime)).toHaveLength(1);
    expect(later).toEqual({ firstTime: false });
    expect(await testDb.db.webhookDelivery.findUniqueOrThrow({ where: { id: "d1d2d3" } })).toMatchObject({
      event: "pull_request",
      action: "opened",
      installationId: 77n,
      processedAt: null,
    });
  });

  it("records how handling a delivery ended", async () => {
    await recordWebhookDelivery(testDb.db, { id: "e1", event: "ping" });

    await markWebhookDeliveryProcessed(testDb.db, "e1", { outcome: "ignored" });

    expect(await testDb.db.webhookDelivery.findUniqueOrThrow({ where: { id: "e1" } })).toMatchObject({
      action: null,
      installationId: null,
      outcome: "ignored",
      error: null,
      processedAt: expect.any(Date),
    });
  });
});
