import { describe, expect, it } from "vitest";
import { parseGithubUrl } from "../src/parse-github-url.js";

// Hostile repository URLs, as strangers paste them into the website, the API and the CLI: every one
// of them reaches git only through parseGithubUrl, so each must be refused here with a reason that
// says what is wrong with it.

const github = new URL("https://github.com");
const local = new URL("http://127.0.0.1:8123");

function reason(input: string, server = github): string {
  const result = parseGithubUrl(input, server);
  if (result.ok) throw new Error(`accepted ${JSON.stringify(input)} as ${result.repo.cloneUrl}`);
  return result.reason;
}

function cloneUrl(input: string, server = github): string {
  const result = parseGithubUrl(input, server);
  if (!result.ok) throw new Error(`rejected ${JSON.stringify(input)}: ${result.reason}`);
  return result.repo.cloneUrl;
}

describe("hostile URLs: hosts", () => {
  it.each([
    ["another host", "https://evil.example/acme/mcp", "only repositories on github.com are accepted, not evil.example"],
    [
      "the server's name as a subdomain",
      "https://github.com.evil.example/acme/mcp",
      "only repositories on github.com are accepted, not github.com.evil.example",
    ],
    ["a trailing-dot spelling", "https://github.com./acme/mcp", "only repositories on github.com are accepted, not github.com."],
    [
      "cloud metadata",
      "https://169.254.169.254/latest/meta-data",
      "internal addresses are not accepted: 169.254.169.254 is a link-local address, where cloud metadata services answer",
    ],
    ["loopback", "https://127.0.0.1/acme/mcp", "internal addresses are not accepted: 127.0.0.1 is a loopback address"],
    ["a short loopback form", "https://127.1/acme/mcp", "internal addresses are not accepted: 127.1 (127.0.0.1) is a loopback address"],
    ["a decimal IP", "https://2130706433/acme/mcp", "internal addresses are not accepted: 2130706433 (127.0.0.1) is a loopback address"],
    [
      "a hex IP",
      "https://0x7f.0x0.0x0.0x1/acme/mcp",
      "internal addresses are not accepted: 0x7f.0x0.0x0.0x1 (127.0.0.1) is a loopback address",
    ],
    [
      "an octal IP",
      "https://0251.0376.0251.0376/acme/mcp",
      "internal addresses are not accepted: 0251.0376.0251.0376 (169.254.169.254) is a link-local address, where cloud metadata services answer",
    ],
    [
      "a percent-encoded IP",
      "https://%31%32%37.0.0.1/acme/mcp",
      "internal addresses are not accepted: %31%32%37.0.0.1 (127.0.0.1) is a loopback address",
    ],
    ["the unspecified address", "https://0.0.0.0/acme/mcp", "internal addresses are not accepted: 0.0.0.0 is an unspecified address"],
    ["a private network", "https://10.1.2.3/acme/mcp", "internal addresses are not accepted: 10.1.2.3 is a private-network address"],
    [
      "a private network (172.16/12)",
      "https://172.31.255.1/acme/mcp",
      "internal addresses are not accepted: 172.31.255.1 is a private-network address",
    ],
    [
      "a private network (192.168/16)",
      "https://192.168.0.1/acme/mcp",
      "internal addresses are not accepted: 192.168.0.1 is a private-network address",
    ],
    [
      "carrier-grade NAT",
      "https://100.100.100.200/acme/mcp",
      "internal addresses are not accepted: 100.100.100.200 is a carrier-grade NAT address",
    ],
    ["IPv6 loopback", "https://[::1]/acme/mcp", "internal addresses are not accepted: [::1] is a loopback address"],
    [
      "IPv6 loopback, long form",
      "https://[0:0:0:0:0:0:0:1]/acme/mcp",
      "internal addresses are not accepted: [0:0:0:0:0:0:0:1] ([::1]) is a loopback address",
    ],
    [
      "IPv4-mapped IPv6",
      "https://[::ffff:169.254.169.254]/acme/mcp",
      "internal addresses are not accepted: [::ffff:169.254.169.254] ([::ffff:a9fe:a9fe]) is a link-local address, where cloud metadata services answer",
    ],
    [
      "NAT64",
      "https://[64:ff9b::a9fe:a9fe]/acme/mcp",
      "internal addresses are not accepted: [64:ff9b::a9fe:a9fe] is a NAT64 address (an IPv4 address in disguise)",
    ],
    [
      "AWS's IPv6 metadata",
      "https://[fd00:ec2::254]/acme/mcp",
      "internal addresses are not accepted: [fd00:ec2::254] is a private-network address",
    ],
    ["IPv6 link-local", "https://[fe80::1]/acme/mcp", "internal addresses are not accepted: [fe80::1] is a link-local address"],
    ["a public IP", "https://140.82.112.3/acme/mcp", "IP addresses are not accepted as the host, only github.com: 140.82.112.3"],
    ["localhost", "https://localhost/acme/mcp", "internal addresses are not accepted: localhost is a local or internal host name"],
    [
      "a .localhost name",
      "https://github.com.localhost/acme/mcp",
      "internal addresses are not accepted: github.com.localhost is a local or internal host name",
    ],
    [
      "a cloud's internal DNS",
      "https://metadata.google.internal/computeMetadata/v1",
      "internal addresses are not accepted: metadata.google.internal is a local or internal host name",
    ],
    ["an mDNS name", "https://nas.local/acme/mcp", "internal addresses are not accepted: nas.local is a local or internal host name"],
    [
      "a single-label name",
      "https://redis/acme/mcp",
      "internal addresses are not accepted: redis is a single-label name, resolved on the local network",
    ],
    [
      "a Cyrillic homoglyph (і)",
      "https://gіthub.com/acme/mcp",
      "the host gіthub.com contains non-ASCII characters: internationalized look-alikes of github.com are not accepted",
    ],
    [
      "a Greek homoglyph (ο)",
      "https://githuЬ.cοm/acme/mcp",
      "the host githuЬ.cοm contains non-ASCII characters: internationalized look-alikes of github.com are not accepted",
    ],
    [
      "fullwidth letters that normalise to the server",
      "https://ｇｉｔｈｕｂ.com/acme/mcp",
      "the host ｇｉｔｈｕｂ.com contains non-ASCII characters: internationalized look-alikes of github.com are not accepted",
    ],
    [
      "an ideographic full stop",
      "https://github.com。/acme/mcp",
      "the host github.com。 contains non-ASCII characters: internationalized look-alikes of github.com are not accepted",
    ],
    ["punycode", "https://xn--gthub-n2e.com/acme/mcp", "punycode (xn--) host names are not accepted: xn--gthub-n2e.com is not github.com"],
    [
      "percent-encoded homoglyph",
      "https://g%D1%96thub.com/acme/mcp",
      "punycode (xn--) host names are not accepted: g%D1%96thub.com (xn--gthub-n2e.com) is not github.com",
    ],
  ])("%s", (_name, input, expected) => {
    expect(reason(input)).toBe(expected);
  });

  it("scheme-less inputs that start with a host meet the same checks", () => {
    expect(reason("169.254.169.254/latest/meta-data")).toMatch(/^internal addresses are not accepted: 169\.254\.169\.254/);
    expect(reason("localhost:8080/acme/mcp")).toBe("internal addresses are not accepted: localhost is a local or internal host name");
    expect(reason("[::1]/acme/mcp")).toBe("internal addresses are not accepted: [::1] is a loopback address");
    expect(reason("gіthub.com/acme/mcp")).toMatch(/non-ASCII characters/);
    expect(reason("evil.example/acme/mcp")).toBe("only repositories on github.com are accepted, not evil.example");
    expect(reason("token@github.com/acme/mcp")).toBe("credentials in the URL are not accepted");
    expect(reason("github.com:8443/acme/mcp")).toBe("port 8443 is not accepted; github.com is configured");
  });

  it("internal addresses are accepted when they are the configured server, and only then", () => {
    expect(cloneUrl("http://127.0.0.1:8123/acme/mcp", local)).toBe("http://127.0.0.1:8123/acme/mcp.git");
    expect(cloneUrl("127.0.0.1:8123/acme/mcp", local)).toBe("http://127.0.0.1:8123/acme/mcp.git");
    // Another spelling of the same address is the same server; what git fetches is built from the configuration.
    expect(cloneUrl("http://2130706433:8123/acme/mcp", local)).toBe("http://127.0.0.1:8123/acme/mcp.git");
    expect(reason("http://localhost:8123/acme/mcp", local)).toBe(
      "internal addresses are not accepted: localhost is a local or internal host name",
    );
    expect(reason("http://127.0.0.2:8123/acme/mcp", local)).toBe("internal addresses are not accepted: 127.0.0.2 is a loopback address");
    expect(reason("http://169.254.169.254:8123/acme/mcp", local)).toMatch(/cloud metadata/);
    expect(reason("localhost:8123/acme/mcp", local)).toBe(
      "internal addresses are not accepted: localhost is a local or internal host name",
    );
    const ghes = new URL("https://git.corp.internal");
    expect(cloneUrl("https://git.corp.internal/acme/mcp", ghes)).toBe("https://git.corp.internal/acme/mcp.git");
    expect(reason("https://other.corp.internal/acme/mcp", ghes)).toMatch(/local or internal host name/);
  });
});

describe("hostile URLs: schemes, transports, credentials, ports", () => {
  it.each([
    ["http for an https server", "http://github.com/acme/mcp", "only https:// URLs are accepted, not http:"],
    ["ssh://", "ssh://git@github.com/acme/mcp", "only https:// URLs are accepted, not ssh:"],
    ["git://", "git://github.com/acme/mcp", "only https:// URLs are accepted, not git:"],
    ["file://", "file:///etc/passwd", "only https:// URLs are accepted, not file:"],
    ["file: without slashes", "file:etc/passwd", "only https:// URLs are accepted, not file:"],
    ["ftp://", "ftp://github.com/acme/mcp", "only https:// URLs are accepted, not ftp:"],
    ["javascript:", "javascript:alert(1)//github.com/acme/mcp", "only https:// URLs are accepted, not javascript:"],
    ["data:", "data:text/plain,acme/mcp", "only https:// URLs are accepted, not data:"],
    ["git's ext:: transport with a command line", "ext::sh -c touch /tmp/pwned", "the URL contains whitespace"],
    [
      "git's ext:: transport, no spaces",
      "ext::sh%20-c%20id",
      "git remote-helper syntax (ext::…) is not accepted; expected https://HOST/OWNER/REPO[/tree/REF[/SUBDIR]] or OWNER/REPO",
    ],
    [
      "git's fd:: transport",
      "fd::17/acme/mcp",
      "git remote-helper syntax (fd::…) is not accepted; expected https://HOST/OWNER/REPO[/tree/REF[/SUBDIR]] or OWNER/REPO",
    ],
    [
      "another remote helper",
      "https::github.com/acme/mcp",
      "git remote-helper syntax (https::…) is not accepted; expected https://HOST/OWNER/REPO[/tree/REF[/SUBDIR]] or OWNER/REPO",
    ],
    [
      "scp-style ssh",
      "git@github.com:acme/mcp.git",
      "ssh (scp-style) URLs are not accepted; expected https://HOST/OWNER/REPO[/tree/REF[/SUBDIR]] or OWNER/REPO",
    ],
    ["a token", "https://ghp_secret@github.com/acme/mcp", "credentials in the URL are not accepted"],
    ["user and password", "https://x-access-token:ghp_secret@github.com/acme/mcp", "credentials in the URL are not accepted"],
    ["the server's name as the user", "https://github.com@evil.example/acme/mcp", "credentials in the URL are not accepted"],
    ["another port", "https://github.com:22/acme/mcp", "port 22 is not accepted; github.com is configured"],
    ["a port on a scheme-less host", "github.com:6379/acme/mcp", "port 6379 is not accepted; github.com is configured"],
  ])("%s", (_name, input, expected) => {
    expect(reason(input)).toBe(expected);
  });

  it("an empty user info, which the URL parser drops: nothing is left to leak", () => {
    expect(cloneUrl("https://:@github.com/acme/mcp")).toBe("https://github.com/acme/mcp.git");
  });

  it("plain http only for an explicitly configured loopback server", () => {
    expect(cloneUrl("http://127.0.0.1:8123/acme/mcp", local)).toBe("http://127.0.0.1:8123/acme/mcp.git");
    expect(reason("https://127.0.0.1:8123/acme/mcp", local)).toBe("only http:// URLs are accepted, not https:");
    expect(reason("http://127.0.0.1:8124/acme/mcp", local)).toBe("port 8124 is not accepted; 127.0.0.1:8123 is configured");
  });
});

describe("hostile URLs: options, characters, paths, size", () => {
  it.each([
    [
      "a leading -",
      "--upload-pack=/tmp/pwned.sh",
      'the URL must not start with "-", which git could read as an option: --upload-pack=/tmp/pwned.sh',
    ],
    ["a leading - in a shorthand", "-u/mcp", 'the URL must not start with "-", which git could read as an option: -u/mcp'],
    ["a leading - in the owner", "https://github.com/-acme/mcp", 'the owner must not start with "-": -acme'],
    ["a leading - in the repository", "https://github.com/acme/-mcp", 'the repository must not start with "-": -mcp'],
    ["a leading - in the ref", "https://github.com/acme/mcp/tree/--output=x", 'the ref must not start with "-": --output=x'],
    [
      "an encoded leading - in the ref",
      "https://github.com/acme/mcp/tree/%2D%2Dupload-pack=x",
      'the ref must not start with "-": --upload-pack=x',
    ],
    ["NUL", "https://github.com/acme/mcp\u0000", "the URL contains control characters"],
    ["DEL", "https://github.com/acme/mcp\u007f", "the URL contains control characters"],
    ["a C1 control", "https://github.com/acme/mcp\u009b", "the URL contains control characters"],
    ["an escape sequence", "https://github.com/acme/\u001b[31mmcp", "the URL contains control characters"],
    ["a zero-width space", "https://github.com/acme/mc\u200Bp", "the URL contains an invisible or non-printing character (U+200B)"],
    ["a right-to-left override", "https://github.com/acme/\u202Epcm", "the URL contains an invisible or non-printing character (U+202E)"],
    [
      "a bidi isolate",
      "https://github.com/acme/mcp/tree/\u2066main\u2069",
      "the URL contains an invisible or non-printing character (U+2066)",
    ],
    ["a zero-width joiner", "https://github.com/ac\u200Dme/mcp", "the URL contains an invisible or non-printing character (U+200D)"],
    ["a word joiner", "acme/mcp\u2060", "the URL contains an invisible or non-printing character (U+2060)"],
    ["a soft hyphen", "https://github.com/ac\u00ADme/mcp", "the URL contains an invisible or non-printing character (U+00AD)"],
    ["a byte-order mark", "\uFEFFhttps://github.com/acme/mcp", "the URL contains an invisible or non-printing character (U+FEFF)"],
    ["a Hangul filler", "https://github.com/acme/mcp/tree/main/\u3164", "the URL contains an invisible or non-printing character (U+3164)"],
    [
      "a variation selector",
      "https://github.com/acme/mcp/tree/main/x\uFE0F",
      "the URL contains an invisible or non-printing character (U+FE0F)",
    ],
    [
      "a tag character",
      "https://github.com/acme/mcp/tree/main/\u{E0041}",
      "the URL contains an invisible or non-printing character (U+E0041)",
    ],
    ["a line separator", "https://github.com/acme/mcp\u2028", "the URL contains an invisible or non-printing character (U+2028)"],
    [
      "a private-use character",
      "https://github.com/acme/mcp/tree/main/\uE000",
      "the URL contains an invisible or non-printing character (U+E000)",
    ],
    [
      "a lone surrogate",
      "https://github.com/acme/mcp/tree/main/\uD800",
      "the URL contains an invisible or non-printing character (U+D800)",
    ],
    [
      "an encoded zero-width space",
      "https://github.com/acme/mcp/tree/main/a%E2%80%8Bb",
      "the URL contains an encoded invisible or non-printing character (U+200B)",
    ],
    [
      "an encoded right-to-left override",
      "https://github.com/acme/mcp/tree/%E2%80%AEmain",
      "the URL contains an encoded invisible or non-printing character (U+202E)",
    ],
    ["an encoded NUL", "https://github.com/acme/mcp/tree/main%00", "the URL contains encoded control characters"],
    ["a no-break space", "https://github.com/acme/mcp\u00A0", "the URL contains whitespace"],
    ["a tab", "acme/mcp\t", "the URL contains control characters"],
    ["a `..` segment", "https://github.com/acme/../../etc/passwd", 'the URL must not contain "." or ".." segments'],
    ["a `..` in a shorthand", "../mcp", 'the URL must not contain "." or ".." segments'],
    ["an encoded `..`", "https://github.com/acme/mcp/tree/main/%2E%2E/%2e%2e/etc", 'the URL must not contain "." or ".." segments'],
    [
      "a double-encoded slash and `..`",
      "https://github.com/acme/mcp/tree/main/x%2F..%2F..%2Fetc",
      'the URL must not contain "." or ".." segments',
    ],
    ["a `.` segment", "https://github.com/./acme/mcp", 'the URL must not contain "." or ".." segments'],
    ["a `..` repository", "acme/..", 'the URL must not contain "." or ".." segments'],
    ["a ref with `..`", "https://github.com/acme/mcp/tree/main..HEAD", "not a valid git ref: main..HEAD"],
    ["a ref with a reflog selector", "https://github.com/acme/mcp/tree/main@%7B-1%7D", "not a valid git ref: main@{-1}"],
    ["a backslash", "https://github.com\\@evil.example/acme/mcp", "the URL contains a backslash"],
    ["overlong input", `https://github.com/acme/mcp/tree/main/${"a/".repeat(1100)}`, "the URL is longer than 2048 characters"],
    ["an overlong owner", `https://github.com/${"a".repeat(101)}/mcp`, `not a valid owner name: ${"a".repeat(101)}`],
    ["an overlong ref", `https://github.com/acme/mcp/tree/${"r".repeat(256)}`, "the ref is longer than 255 characters"],
  ])("%s", (_name, input, expected) => {
    expect(reason(input)).toBe(expected);
  });
});

describe("normalised", () => {
  const canonical = { owner: "acme", repo: "mcp", cloneUrl: "https://github.com/acme/mcp.git", webUrl: "https://github.com/acme/mcp" };

  it.each([
    "HTTPS://GITHUB.COM/acme/mcp",
    "https://github.com/acme/mcp.GIT",
    "https://github.com/acme/mcp.git/",
    "https://github.com/acme/mcp///",
    "github.com/acme/mcp/",
    "GitHub.com/acme/mcp.git",
    "acme/mcp.git",
    "acme/mcp//",
    "https://github.com:443/acme/mcp",
    "https://github.com/acme/mcp?tab=readme#top",
  ])("%s", (input) => {
    const result = parseGithubUrl(input, github);
    expect(result).toEqual({ ok: true, repo: canonical });
  });

  it("keeps the owner's and repository's case: GitHub and the database match them ignoring it", () => {
    expect(parseGithubUrl("https://github.com/Acme/MCP", github)).toMatchObject({ ok: true, repo: { owner: "Acme", repo: "MCP" } });
  });

  it("/tree/<ref>/<dir>, with a trailing slash and an encoded ref", () => {
    expect(parseGithubUrl("https://github.com/acme/mcp/tree/release%2F2.x/packages/server/", github)).toEqual({
      ok: true,
      repo: {
        ...canonical,
        ref: "release/2.x",
        subdir: "packages/server",
        webUrl: "https://github.com/acme/mcp/tree/release%2F2.x/packages/server",
      },
    });
  });
});
