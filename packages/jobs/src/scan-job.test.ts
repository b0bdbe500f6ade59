import { describe, expect, it } from "vitest";
import { scanJobDataSchema, scanJobId } from "./scan-job.js";

const scan = {
  scanId: "0193a3a4-5b6c-7d8e-9f00-112233445566",
  repositoryId: "0193a3a4-0000-7000-8000-000000000001",
  commitSha: "a".repeat(40),
  rulesetVersion: "1.0.0",
  attempt: 1,
};

describe("scanJobId", () => {
  it("is the same for the same (repository, commit, rule set) whatever the scan row", () => {
    expect(scanJobId(scan)).toBe(scanJobId({ ...scan, scanId: "0193a3a4-5b6c-7d8e-9f00-000000000000" }));
    expect(scanJobId(scan)).toBe(`scan-${scan.repositoryId}-${"a".repeat(40)}-r1.0.0-a1`);
  });

  it("differs by commit, rule set and attempt", () => {
    const ids = new Set([
      scanJobId(scan),
      scanJobId({ ...scan, commitSha: "b".repeat(40) }),
      scanJobId({ ...scan, rulesetVersion: "1.1.0" }),
      scanJobId({ ...scan, attempt: 2 }),
    ]);
    expect(ids.size).toBe(4);
  });

  it("keys a scan of an unresolved ref by its row", () => {
    expect(scanJobId({ ...scan, commitSha: null })).toBe(`scan-pending-${scan.scanId}-a1`);
  });

  it("never contains a colon, which BullMQ forbids in custom ids", () => {
    expect(scanJobId(scan)).not.toContain(":");
    expect(scanJobId({ ...scan, commitSha: null })).not.toContain(":");
  });
});

describe("scanJobDataSchema", () => {
  it("accepts a scan id and nothing else: no tokens, URLs or contents ride along", () => {
    expect(scanJobDataSchema.parse({ scanId: scan.scanId })).toEqual({ scanId: scan.scanId });
    expect(scanJobDataSchema.safeParse({ scanId: scan.scanId, token: "ghs_secret" }).success).toBe(false);
    expect(scanJobDataSchema.safeParse({ scanId: "not-a-uuid" }).success).toBe(false);
  });
});
