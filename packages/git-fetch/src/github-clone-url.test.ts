import { describe, expect, it } from "vitest";
import { githubCloneUrl, repositoryUrlOf } from "./github-clone-url.js";

const github = new URL("https://github.com");
const local = new URL("http://127.0.0.1:8123");

describe("githubCloneUrl", () => {
  it("builds <origin>/<owner>/<repo>.git", () => {
    expect(githubCloneUrl(github, "acme", "mcp.js")).toBe("https://github.com/acme/mcp.js.git");
    expect(githubCloneUrl(local, "acme", "mcp")).toBe("http://127.0.0.1:8123/acme/mcp.git");
  });

  it.each([
    ["acme", "--upload-pack=x"],
    ["acme/x", "mcp"],
    ["acme", ".."],
    ["", "mcp"],
  ])("refuses %s/%s as a repository that cannot exist", (owner, repo) => {
    expect(() => githubCloneUrl(github, owner, repo)).toThrow(expect.objectContaining({ code: "repo_not_found" }));
  });
});

describe("repositoryUrlOf", () => {
  it("names the repository of a clone URL on the server", () => {
    expect(repositoryUrlOf("https://github.com/acme/mcp.git", github)).toBe("https://github.com/acme/mcp");
    expect(repositoryUrlOf("http://127.0.0.1:8123/acme/mcp.git", local)).toBe("http://127.0.0.1:8123/acme/mcp");
  });

  it.each([
    ["another host", "https://gitlab.com/acme/mcp.git", github],
    ["another port", "https://github.com:8443/acme/mcp.git", github],
    ["another protocol", "http://github.com/acme/mcp.git", github],
    ["credentials", "https://token@github.com/acme/mcp.git", github],
    ["a dot segment", "https://github.com/acme/../mcp.git", github],
    ["a longer path", "https://github.com/acme/mcp/extra.git", github],
    ["no .git suffix", "https://github.com/acme/mcp", github],
    ["a query", "https://github.com/acme/mcp.git?x=1", github],
    ["an option", "--upload-pack=touch", github],
    ["plain http to a host that is not loopback", "http://example.com/acme/mcp.git", new URL("http://example.com")],
    ["another scheme as the server", "file:///acme/mcp.git", new URL("file:///")],
  ])("refuses %s with host_not_allowed", (_name, cloneUrl, server) => {
    expect(() => repositoryUrlOf(cloneUrl, server)).toThrow(expect.objectContaining({ code: "host_not_allowed" }));
  });
});
