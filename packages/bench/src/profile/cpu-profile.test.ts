import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bucketProfile, packageOf } from "./cpu-profile.js";

// root → main (app.js) → query (node_modules/pg) ; root → (idle)
const PROFILE = {
  nodes: [
    { id: 1, callFrame: { functionName: "(root)", url: "" }, children: [2, 4] },
    { id: 2, callFrame: { functionName: "main", url: "file:///app.js" }, children: [3] },
    { id: 3, callFrame: { functionName: "query", url: "file:///x/node_modules/pg/lib/client.js" } },
    { id: 4, callFrame: { functionName: "(idle)", url: "" } },
  ],
  startTime: 1_000,
  // Samples at 1_010, 1_020, 1_030, 1_040 µs; each stands for the delta that follows it.
  samples: [2, 3, 3, 4],
  timeDeltas: [10, 10, 10, 10],
};

describe("bucketProfile", () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "bench-profile-test-"));
    file = join(dir, "test.cpuprofile");
    await writeFile(file, JSON.stringify(PROFILE));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const leafName = (stack: readonly { functionName: string }[]) => {
    const leaf = stack.at(-1)?.functionName ?? "";
    return leaf === "(idle)" ? undefined : [leaf];
  };

  it("sums sample time per bucket and leaves out what the classifier drops", async () => {
    const { totalMs, buckets } = await bucketProfile(file, leafName);
    // The last sample has no following delta, so it stands for no time.
    expect(totalMs).toBeCloseTo(0.03);
    expect(buckets.map((bucket) => [bucket.name, bucket.ms])).toEqual([
      ["query", 0.02],
      ["main", 0.01],
    ]);
  });

  it("counts a sample in every bucket it is given, with shares of the time kept", async () => {
    const { buckets } = await bucketProfile(file, (stack) =>
      stack.some((frame) => frame.functionName === "main") ? ["main on stack", "all"] : [],
    );
    expect(buckets.map((bucket) => [bucket.name, bucket.share])).toEqual([
      ["all", 1],
      ["main on stack", 1],
    ]);
  });

  it("keeps only the samples inside the window", async () => {
    const { buckets } = await bucketProfile(file, leafName, { fromUs: 1_015, toUs: 1_035 });
    expect(buckets.map((bucket) => bucket.name)).toEqual(["query"]);
  });
});

describe("packageOf", () => {
  it("names scoped and plain packages", () => {
    expect(packageOf({ functionName: "", url: "file:///r/node_modules/@prisma/client/runtime/x.js" })).toBe("@prisma/client");
    expect(packageOf({ functionName: "", url: "file:///r/node_modules/pg/lib/x.js" })).toBe("pg");
    expect(packageOf({ functionName: "", url: "node:internal/net" })).toBeUndefined();
  });
});
