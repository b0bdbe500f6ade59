import { describe, expect, it } from "vitest";
import { analyzeSources, STDIO_SERVER_LINES } from "../test-support/analyze-sources.js";

describe("the report's policy", () => {
  it("carries the repository's minScore from .lastcall.json, for pull-request checks and CI gates", async () => {
    const server = `${STDIO_SERVER_LINES.join("\n")}\n`;
    const withPolicy = await analyzeSources({ "src/server.ts": server, ".lastcall.json": JSON.stringify({ minScore: 80 }) });
    expect(withPolicy.policy).toEqual({ minScore: 80 });
    const without = await analyzeSources({ "src/server.ts": server });
    expect(without.policy).toBeUndefined();
  });
});
