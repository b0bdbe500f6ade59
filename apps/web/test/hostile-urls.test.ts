import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postScan } from "./support/api-client.js";
import { startWebHarness, type WebHarness } from "./support/web-harness.js";

// Hostile repository URLs through the API, end to end. The website and the CLI use the same parser
// (parseGithubUrl); its own tests (packages/git-fetch/test/hostile-urls.test.ts) hold every case,
// these a representative subset: each is a 400 that says what is wrong, and git is never asked.

let harness: WebHarness;
let server: URL;

beforeAll(async () => {
  harness = await startWebHarness({
    withWorker: false,
    // Names ignore case, as on GitHub.
    git: { caseInsensitive: true },
    env: { LASTCALL_RATE_LIMIT_SUBMISSIONS_PER_MINUTE: "1000", LASTCALL_RATE_LIMIT_API_PER_MINUTE: "10000" },
  });
  server = new URL(harness.git.url);
  await harness.git.commit("acme/server", { files: { "src/index.ts": "export {};\n" } });
});

afterAll(async () => {
  await harness?.close();
});

describe("POST /api/v1/scans with a hostile URL → 400 invalid_url with a specific reason", () => {
  it.each([
    ["credentials", () => `http://user:token@${server.host}/acme/server`, "credentials in the URL are not accepted"],
    ["another port", () => `http://${server.hostname}:1/acme/server`, "port 1 is not accepted; 127.0.0.1:"],
    ["https to an http server", () => `https://${server.host}/acme/server`, "only http:// URLs are accepted, not https:"],
    ["file:", () => "file:///etc/passwd", "only http:// URLs are accepted, not file:"],
    ["ext::", () => "ext::sh%20-c%20touch%20%2Ftmp%2Fpwned", "git remote-helper syntax (ext::…) is not accepted"],
    ["a leading -", () => "--upload-pack=/tmp/pwned.sh", 'the URL must not start with "-", which git could read as an option'],
    ["a zero-width space", () => "acme/ser\u200Bver", "the URL contains an invisible or non-printing character (U+200B)"],
    ["a right-to-left override", () => "acme/\u202Erevres", "the URL contains an invisible or non-printing character (U+202E)"],
    ["a `..` segment", () => `${harness.git.url}/acme/../../etc/passwd`, 'the URL must not contain "." or ".." segments'],
    ["overlong input", () => `acme/${"x".repeat(3000)}`, "the URL is longer than 2048 characters"],
    [
      "cloud metadata",
      () => `http://169.254.169.254:${server.port}/latest/meta-data`,
      "internal addresses are not accepted: 169.254.169.254 is a link-local address, where cloud metadata services answer",
    ],
    [
      "another spelling of loopback",
      () => `http://localhost:${server.port}/acme/server`,
      "internal addresses are not accepted: localhost is a local or internal host name",
    ],
    [
      "a decimal IP",
      () => `http://2852039166:${server.port}/acme/server`,
      "internal addresses are not accepted: 2852039166 (169.254.169.254) is a link-local address",
    ],
    ["IPv6 loopback", () => `http://[::1]:${server.port}/acme/server`, "internal addresses are not accepted: [::1] is a loopback address"],
    [
      "a Cyrillic homoglyph of a host",
      () => `http://gіthub.com:${server.port}/acme/server`,
      "the host gіthub.com contains non-ASCII characters: internationalized look-alikes of 127.0.0.1 are not accepted",
    ],
    [
      "punycode",
      () => `http://xn--gthub-n2e.com:${server.port}/acme/server`,
      "punycode (xn--) host names are not accepted: xn--gthub-n2e.com is not 127.0.0.1",
    ],
  ])("%s", async (_name, url, reason) => {
    const requestsBefore = harness.git.requests.length;
    const refused = await postScan(harness.baseUrl, { url: url() });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ error: { code: "invalid_url", message: expect.stringContaining(reason) } });
    expect(harness.git.requests.length).toBe(requestsBefore);
  });
});

describe("POST /api/v1/scans normalises what it accepts", () => {
  it("case, a .git suffix, trailing slashes and /tree/<ref>/<dir> all name one repository and one scan", async () => {
    const first = await postScan(harness.baseUrl, { url: "acme/server" });
    expect(first.status).toBe(202);
    for (const url of [
      `${harness.git.url.toUpperCase()}/acme/server`,
      `${harness.git.url}/ACME/Server.GIT/`,
      `${harness.git.url}/acme/server///`,
      `${server.host}/acme/server.git`,
      `${harness.git.url}/acme/server/tree/main/src/`,
    ]) {
      const again = await postScan(harness.baseUrl, { url });
      expect({ url, status: again.status, id: again.body.id }).toEqual({ url, status: 200, id: first.body.id });
    }
    expect(await harness.db.repository.count()).toBe(1);
  });
});
