import { describe, expect, it } from "vitest";
import { describeStatus, parseScanStatus } from "./scan-status.js";

describe("parseScanStatus", () => {
  it("reads the API's progress payload", () => {
    expect(parseScanStatus({ id: "x", status: "running", stage: "analyzing", progress: { filesDone: 3, filesTotal: 4 } })).toEqual({
      stage: "analyzing",
      filesDone: 3,
      filesTotal: 4,
    });
    expect(
      parseScanStatus({
        status: "failed",
        stage: "failed",
        progress: { filesDone: 0, filesTotal: 0 },
        error: { code: "x", message: "gone" },
      }),
    ).toEqual({
      stage: "failed",
      filesDone: 0,
      filesTotal: null,
      error: "gone",
    });
  });

  it("rejects anything else", () => {
    expect(parseScanStatus(null)).toBeUndefined();
    expect(parseScanStatus({ stage: "exploded" })).toBeUndefined();
  });
});

describe("describeStatus", () => {
  it("counts files while analyzing, once the total is known", () => {
    expect(describeStatus({ stage: "analyzing", filesDone: 2, filesTotal: 9 })).toBe("Analyzing files: 2 of 9");
    expect(describeStatus({ stage: "analyzing", filesDone: null, filesTotal: null })).toBe("Analyzing files…");
  });

  it("gives the reason of a failure", () => {
    expect(describeStatus({ stage: "failed", filesDone: null, filesTotal: null, error: "repository not found" })).toBe(
      "The scan failed: repository not found",
    );
  });
});
