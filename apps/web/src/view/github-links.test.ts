import { describe, expect, it } from "vitest";
import { blobUrl, commitUrl, reproduceCommand } from "./github-links.js";

const server = new URL("https://github.com");
const sha = "0123456789abcdef0123456789abcdef01234567";

describe("GitHub links", () => {
  it("points at a file's line at the scanned commit, encoding each path segment but not the slashes", () => {
    expect(blobUrl(server, "acme", "server", sha, "src/index.ts", 12)).toBe(`https://github.com/acme/server/blob/${sha}/src/index.ts#L12`);
    expect(blobUrl(server, "acme", "server", sha, "src/a b/#x.ts", 3)).toBe(
      `https://github.com/acme/server/blob/${sha}/src/a%20b/%23x.ts#L3`,
    );
  });

  it("links the commit and reproduces the report with the CLI on the same commit", () => {
    const local = new URL("http://127.0.0.1:8080");
    expect(commitUrl(local, "acme", "server", sha)).toBe(`http://127.0.0.1:8080/acme/server/commit/${sha}`);
    expect(reproduceCommand(server, "acme", "server", sha)).toBe(`npx lastcall audit https://github.com/acme/server/tree/${sha}`);
  });
});
