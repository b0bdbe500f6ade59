import { describe, expect, it } from "vitest";
import { neutralOutput } from "./neutral-output.js";

describe("neutralOutput", () => {
  it("reports a failed scan as neutral with the reason", () => {
    expect(neutralOutput("The repository is larger than 200 MB")).toEqual({
      conclusion: "neutral",
      title: "Scan failed",
      summary: "Lastcall could not finish the scan of this commit: The repository is larger than 200 MB",
      annotations: [],
    });
  });

  it("escapes a reason that quotes the repository", () => {
    const { summary } = neutralOutput("cannot read <script>alert(1)</script>\n# heading");
    expect(summary).not.toContain("<script>");
    expect(summary).not.toContain("\n");
  });
});
