import { describe, expect, it } from "vitest";
import { repositoryName } from "./repository-name.js";

const server = new URL("https://github.com");

describe("repositoryName", () => {
  it("accepts names a GitHub repository can have", () => {
    expect(repositoryName("acme", "mcp-server.js", server)).toEqual({ owner: "acme", name: "mcp-server.js" });
  });

  it("refuses everything else, without throwing", () => {
    for (const [owner, repo] of [
      ["<script>", "x"],
      ["acme", '"><svg onload=alert(1)>'],
      ["a&b", "c"],
      ["acme", "a/../b"],
      ["..", "x"],
      ["-acme", "x"],
      ["acme", "x\u0000"],
      ["acme", "é"],
      ["a".repeat(200), "x"],
      ["acme", "x.git"],
    ] as const) {
      expect(repositoryName(owner, repo, server), `${owner}/${repo}`).toBeUndefined();
    }
  });
});
