import { describe, expect, it } from "vitest";
import { compareFindings } from "./compare-findings.js";
import { finding } from "./test-support/finding.js";

describe("compareFindings", () => {
  const kept = finding({ fingerprint: "kept", line: 1 });
  const added = finding({ fingerprint: "added", line: 2 });
  const gone = finding({ fingerprint: "gone", line: 3 });

  it("splits findings into new, fixed and unchanged by fingerprint", () => {
    // The kept finding moved down three lines: its fingerprint, not its position, says it is the same.
    const moved = { ...kept, line: 4 };
    expect(compareFindings([moved, added], [kept, gone])).toEqual({ new: [added], fixed: [gone], unchanged: [moved] });
  });

  it("counts every head finding as new when there is no base", () => {
    expect(compareFindings([kept, added], undefined)).toEqual({ new: [kept, added], fixed: [], unchanged: [] });
  });

  it("leaves suppressed findings out on both sides", () => {
    const suppressed = finding({ fingerprint: "s", suppressed: { source: "inline", reason: "handled by the platform" } });
    expect(compareFindings([suppressed], undefined).new).toEqual([]);
    // Suppressed in the head: resolved for the check.
    expect(compareFindings([suppressed], [{ ...suppressed, suppressed: undefined }])).toMatchObject({ new: [], unchanged: [] });
    // The suppression removed: new again.
    const unsuppressed = { ...suppressed, suppressed: undefined };
    expect(compareFindings([unsuppressed], [suppressed]).new).toEqual([unsuppressed]);
  });

  it("counts repeated fingerprints, so a second copy of a flagged line is new", () => {
    const copy = { ...kept, line: 20 };
    expect(compareFindings([kept, copy], [kept])).toEqual({ new: [copy], fixed: [], unchanged: [kept] });
    expect(compareFindings([kept], [kept, copy])).toEqual({ new: [], fixed: [copy], unchanged: [kept] });
  });

  it("has nothing to say about two empty reports", () => {
    expect(compareFindings([], [])).toEqual({ new: [], fixed: [], unchanged: [] });
  });
});
