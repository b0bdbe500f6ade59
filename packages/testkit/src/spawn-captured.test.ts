import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { spawnCaptured } from "./spawn-captured.js";

describe("spawnCaptured", () => {
  it("collects stdout and stderr into one string, with exactly the environment given", async () => {
    const script = "process.stdout.write('out:' + process.env.GREETING); process.stderr.write(' err:' + (process.env.HOME ?? 'none'))";
    const { child, output } = spawnCaptured(["-e", script], { env: { GREETING: "hello" } });
    const [code] = await once(child, "close");
    expect(code).toBe(0);
    // Two pipes: which of the two writes arrives first is up to the system.
    expect(output()).toContain("out:hello");
    expect(output()).toContain(" err:none");
    expect(output()).toHaveLength("out:hello err:none".length);
  });
});
