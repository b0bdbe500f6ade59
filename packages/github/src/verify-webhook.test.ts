import { Webhooks } from "@octokit/webhooks";
import { describe, expect, it } from "vitest";
import { webhookExample } from "./test-support/webhook-example.js";
import { verifyWebhook } from "./verify-webhook.js";

describe("verifyWebhook", () => {
  const rawBody = webhookExample("pull_request", "synchronize");
  const sign = (secret: string, body = rawBody) => new Webhooks({ secret }).sign(body);

  it("accepts a recorded pull_request delivery signed with the current secret", async () => {
    expect(await verifyWebhook({ secrets: ["current"], rawBody, signature: await sign("current") })).toBe(true);
  });

  it("accepts the second secret while the secret is being rotated", async () => {
    expect(await verifyWebhook({ secrets: ["new", "old"], rawBody, signature: await sign("old") })).toBe(true);
  });

  it("refuses a wrong secret, a changed body, a missing or malformed signature", async () => {
    expect(await verifyWebhook({ secrets: ["current", "old"], rawBody, signature: await sign("guess") })).toBe(false);
    expect(
      await verifyWebhook({ secrets: ["current"], rawBody: rawBody.replace("synchronize", "opened"), signature: await sign("current") }),
    ).toBe(false);
    expect(await verifyWebhook({ secrets: ["current"], rawBody, signature: undefined })).toBe(false);
    expect(await verifyWebhook({ secrets: ["current"], rawBody, signature: "" })).toBe(false);
    expect(await verifyWebhook({ secrets: ["current"], rawBody, signature: "sha256=abc" })).toBe(false);
    expect(await verifyWebhook({ secrets: ["current"], rawBody: "", signature: await sign("current", "x") })).toBe(false);
  });

  it("refuses to run without a secret, or with an empty one", async () => {
    await expect(verifyWebhook({ secrets: [], rawBody, signature: await sign("x") })).rejects.toThrow(TypeError);
    await expect(verifyWebhook({ secrets: ["current", ""], rawBody, signature: await sign("x") })).rejects.toThrow(TypeError);
  });
});
