import { describe, expect, it } from "vitest";
import { DEFAULT_QUEUE_PREFIX, queuePrefixSchema } from "./scan-queue-contract.js";

describe("queuePrefixSchema", () => {
  it("takes a Redis Cluster hash tag, the default when unset", () => {
    expect(queuePrefixSchema.parse(undefined)).toBe(DEFAULT_QUEUE_PREFIX);
    expect(queuePrefixSchema.parse("{lastcall-staging}")).toBe("{lastcall-staging}");
  });

  it.each(["lastcall", "{lastcall}:scans", "{}"])("rejects %s", (prefix) => {
    const parsed = queuePrefixSchema.safeParse(prefix);
    expect(parsed.success ? undefined : parsed.error.issues[0]?.message).toBe("must be a Redis Cluster hash tag such as {lastcall}");
  });
});
