import { describe, expect, it } from "vitest";
import { parseGithubUrl } from "./parse-github-url.js";

const github = new URL("https://github.com");
const local = new URL("http://127.0.0.1:8123");

function parsed(input: string, server = github) {
  const result = parseGithubUrl(input, server);
  if (!result.ok) throw new Error(`rejected ${input}: ${result.reason}`);
  return result.repo;
}

function reason(input: string, server = github): string {
  const result = parseGithubUrl(input, server);
  if (result.ok) throw new Error(`accepted ${input}`);
  return result.reason;
}

describe("parseGithubUrl accepts", () => {
  it("a repository URL", () => {
    expect(parsed("https://github.com/acme/mcp-server")).toEqual({
      owner: "acme",
      repo: "mcp-server",
      cloneUrl: "https://github.com/acme/mcp-server.git",
      webUrl: "https://github.com/acme/mcp-server",
    });
  });

  it.each([
    "https://github.com/acme/mcp-server.git",
    "https://github.com/acme/mcp-server/",
    "https://github.com/acme/mcp-server.git/",
    "https://GitHub.com/acme/mcp-server",
    "https://github.com:443/acme/mcp-server",
    "https://github.com/acme/mcp-server?tab=readme-ov-file#usage",
    "github.com/acme/mcp-server",
    "acme/mcp-server",
    "acme/mcp-server/",
  ])("%s", (input) => {
    expect(parsed(input)).toEqual({
      owner: "acme",
      repo: "mcp-server",
      cloneUrl: "https://github.com/acme/mcp-server.git",
      webUrl: "https://github.com/acme/mcp-server",
    });
  });

  it("names with dots and underscores", () => {
    expect(parsed("https://github.com/my_org/server.js")).toMatchObject({ owner: "my_org", repo: "server.js" });
  });

  it("/tree/<ref>", () => {
    expect(parsed("https://github.com/acme/mcp/tree/v1.2.0")).toEqual({
      owner: "acme",
      repo: "mcp",
      ref: "v1.2.0",
      cloneUrl: "https://github.com/acme/mcp.git",
      webUrl: "https://github.com/acme/mcp/tree/v1.2.0",
    });
  });

  it("/tree/<ref>/<subdir>", () => {
    expect(parsed("https://github.com/acme/mcp/tree/main/packages/server/")).toEqual({
      owner: "acme",
      repo: "mcp",
      ref: "main",
      subdir: "packages/server",
      cloneUrl: "https://github.com/acme/mcp.git",
      webUrl: "https://github.com/acme/mcp/tree/main/packages/server",
    });
  });

  it("a commit sha as the ref", () => {
    const sha = "0123456789abcdef0123456789abcdef01234567";
    expect(parsed(`https://github.com/acme/mcp/tree/${sha}`).ref).toBe(sha);
  });

  it("a percent-encoded ref with a slash", () => {
    expect(parsed("https://github.com/acme/mcp/tree/feature%2Fshutdown/src")).toMatchObject({
      ref: "feature/shutdown",
      subdir: "src",
      webUrl: "https://github.com/acme/mcp/tree/feature%2Fshutdown/src",
    });
  });

  it("the configured server, with its port and plain http", () => {
    expect(parsed("http://127.0.0.1:8123/acme/mcp", local)).toMatchObject({
      cloneUrl: "http://127.0.0.1:8123/acme/mcp.git",
      webUrl: "http://127.0.0.1:8123/acme/mcp",
    });
    expect(parsed("acme/mcp", local).cloneUrl).toBe("http://127.0.0.1:8123/acme/mcp.git");
    expect(parsed("127.0.0.1:8123/acme/mcp", local).cloneUrl).toBe("http://127.0.0.1:8123/acme/mcp.git");
  });
});

describe("parseGithubUrl rejects", () => {
  it.each([
    ["another host", "https://gitlab.com/acme/mcp", "only repositories on github.com are accepted, not gitlab.com"],
    [
      "a look-alike host",
      "https://github.com.evil.example/acme/mcp",
      "only repositories on github.com are accepted, not github.com.evil.example",
    ],
    ["a subdomain", "https://api.github.com/acme/mcp", "only repositories on github.com are accepted, not api.github.com"],
    ["credentials", "https://x-access-token:ghp_secret@github.com/acme/mcp", "credentials in the URL are not accepted"],
    ["a user name", "https://git@github.com/acme/mcp", "credentials in the URL are not accepted"],
    ["another port", "https://github.com:8443/acme/mcp", "port 8443 is not accepted; github.com is configured"],
    ["http for an https server", "http://github.com/acme/mcp", "only https:// URLs are accepted, not http:"],
    ["ssh", "ssh://git@github.com/acme/mcp.git", "only https:// URLs are accepted, not ssh:"],
    ["git://", "git://github.com/acme/mcp.git", "only https:// URLs are accepted, not git:"],
    ["file://", "file:///etc/passwd", "only https:// URLs are accepted, not file:"],
    [
      "git's ext:: transport",
      "ext::sh",
      "git remote-helper syntax (ext::…) is not accepted; expected https://HOST/OWNER/REPO[/tree/REF[/SUBDIR]] or OWNER/REPO",
    ],
    [
      "scp-like syntax",
      "git@github.com:acme/mcp.git",
      "ssh (scp-style) URLs are not accepted; expected https://HOST/OWNER/REPO[/tree/REF[/SUBDIR]] or OWNER/REPO",
    ],
    ["a bare word", "mcp", "expected https://HOST/OWNER/REPO[/tree/REF[/SUBDIR]] or OWNER/REPO"],
    ["a `..` segment", "https://github.com/acme/../other/mcp", 'the URL must not contain "." or ".." segments'],
    ["an encoded `..` segment", "https://github.com/acme/mcp/tree/main/%2e%2e/x", 'the URL must not contain "." or ".." segments'],
    [
      "a `..` behind an encoded slash",
      "https://github.com/acme/mcp/tree/main/a%2F..%2F..",
      'the URL must not contain "." or ".." segments',
    ],
    ["a `.` segment", "https://github.com/acme/./mcp", 'the URL must not contain "." or ".." segments'],
    ["a leading - in the owner", "https://github.com/-acme/mcp", 'the owner must not start with "-": -acme'],
    [
      "a leading - in the repository",
      "https://github.com/acme/--upload-pack=touch",
      'the repository must not start with "-": --upload-pack=touch',
    ],
    ["a leading - in the shorthand", "-u/mcp", 'the URL must not start with "-", which git could read as an option: -u/mcp'],
    ["a leading - in the ref", "https://github.com/acme/mcp/tree/--output=x", 'the ref must not start with "-": --output=x'],
    ["a control character", "https://github.com/acme/mcp\u0000", "the URL contains control characters"],
    ["a newline", "https://github.com/acme/mcp\nhttps://evil.example/x/y", "the URL contains control characters"],
    ["an encoded control character", "https://github.com/acme/mcp/tree/main/a%0Ab", "the URL contains encoded control characters"],
    ["whitespace", "https://github.com/acme/mcp server", "the URL contains whitespace"],
    ["a backslash", "https://github.com\\@evil.example/acme/mcp", "the URL contains a backslash"],
    ["overlong input", `https://github.com/acme/${"m".repeat(2100)}`, "the URL is longer than 2048 characters"],
    ["a missing repository", "https://github.com/acme", "expected https://HOST/OWNER/REPO[/tree/REF[/SUBDIR]] or OWNER/REPO"],
    [
      "another GitHub page",
      "https://github.com/acme/mcp/blob/main/README.md",
      "unsupported path /acme/mcp/blob/main/README.md; expected https://HOST/OWNER/REPO[/tree/REF[/SUBDIR]] or OWNER/REPO",
    ],
    [
      "/tree without a ref",
      "https://github.com/acme/mcp/tree/",
      "unsupported path /acme/mcp/tree/; expected https://HOST/OWNER/REPO[/tree/REF[/SUBDIR]] or OWNER/REPO",
    ],
    ["an empty segment", "https://github.com/acme//mcp", "empty path segment in /acme//mcp"],
    ["invalid owner characters", "https://github.com/ac;me/mcp", "not a valid owner name: ac;me"],
    ["a ref with ..", "https://github.com/acme/mcp/tree/a..b", "not a valid git ref: a..b"],
    ["a ref with @{", "https://github.com/acme/mcp/tree/HEAD@%7B1%7D", "not a valid git ref: HEAD@{1}"],
    ["a ref ending in .lock", "https://github.com/acme/mcp/tree/main.lock", "not a valid git ref: main.lock"],
    ["malformed percent-encoding", "https://github.com/acme/mcp/tree/%E0%A4%A", "the URL has malformed percent-encoding"],
  ])("%s", (_name, input, expected) => {
    expect(reason(input)).toBe(expected);
  });

  it("a port other than the configured server's", () => {
    expect(reason("http://127.0.0.1:9999/acme/mcp", local)).toBe("port 9999 is not accepted; 127.0.0.1:8123 is configured");
    expect(reason("http://127.0.0.1/acme/mcp", local)).toBe("port (default) is not accepted; 127.0.0.1:8123 is configured");
  });

  it("https when the configured server is http", () => {
    expect(reason("https://127.0.0.1:8123/acme/mcp", local)).toBe("only http:// URLs are accepted, not https:");
  });
});
