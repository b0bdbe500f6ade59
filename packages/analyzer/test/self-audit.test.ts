import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { analyze } from "../src/analyze.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

// We practise what we audit: `lastcall audit .` on this repository scores 100 (DEVELOPERS.md).
it("scores this repository 100 with no findings", async () => {
  const report = await analyze(repoRoot);
  expect(report.findings.filter((finding) => !finding.suppressed)).toEqual([]);
  expect(report.score).toBe(100);
  expect(report.stats.parseErrors).toEqual([]);
}, 60_000);
