import { fixtureRepositoryFiles } from "@lastcall/testkit";
import { createLogger, loadWorkerConfig, type RunningWorker, startScanWorker } from "@lastcall/worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postScan, waitForScan } from "./support/api-client.js";
import { startWebHarness, type WebHarness } from "./support/web-harness.js";

let harness: WebHarness;
let worker: RunningWorker;

// The scans run in a worker outside the web server's process, as in production: the web server learns
// of stored scans only through the change notices the worker sends.
beforeAll(async () => {
  harness = await startWebHarness({ withWorker: false });
  worker = await startScanWorker(loadWorkerConfig({ ...harness.env, LOG_LEVEL: "silent" }), createLogger("silent"));
});

afterAll(async () => {
  await worker?.close();
  await harness?.close();
});

const CACHE_CONTROL = "public, max-age=300, s-maxage=300, stale-while-revalidate=86400";

function badge(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${harness.baseUrl}/badge/${path}`, { headers });
}

/** Every text node and attribute value of the SVG, with the markup around them stripped. */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/>([^<]+)</g)].map((match) => match[1] ?? "");
}

describe("badges", () => {
  it("are a grey 'not scanned' badge with status 200 for a repository never scanned", async () => {
    const svg = await badge("acme/unknown.svg");
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(svg.headers.get("cache-control")).toBe(CACHE_CONTROL);
    const text = await svg.text();
    expect(text).toMatch(/^<svg /);
    expect(svgTexts(text)).toContain("not scanned");

    const json = await badge("acme/unknown.json");
    expect(json.status).toBe(200);
    expect(json.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await json.json()).toEqual({ schemaVersion: 1, label: "shutdown", message: "not scanned", color: "lightgrey" });
  });

  it("show the latest default-branch score and grade as soon as a scan is stored", async () => {
    expect(await (await badge("acme/server.json")).json()).toMatchObject({ message: "not scanned" });
    await harness.git.commit("acme/server", { files: await fixtureRepositoryFiles() });
    const submitted = await postScan(harness.baseUrl, { url: "acme/server" });
    const scan = await waitForScan(harness.baseUrl, String(submitted.body.id));
    const message = `${scan.score} · ${scan.grade}`;
    expect(message).toMatch(/^\d{1,3} · [ABCDF]$/);

    const json = await badge("Acme/Server.json");
    expect(await json.json()).toEqual({
      schemaVersion: 1,
      label: "shutdown",
      message,
      color: expect.stringMatching(/green|yellow|orange|red/),
    });
    const svg = await (await badge("acme/server.svg")).text();
    expect(svgTexts(svg)).toContain(message);
  });

  it("carry an ETag and answer 304 when it matches", async () => {
    const first = await badge("acme/server.svg");
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await badge("acme/server.svg", { "if-none-match": etag ?? "" });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("cache-control")).toBe(CACHE_CONTROL);
    expect(await again.text()).toBe("");
    expect((await badge("acme/server.svg", { "if-none-match": '"stale"' })).status).toBe(200);
    // The two formats are different documents with different validators.
    expect((await badge("acme/server.json")).headers.get("etag")).not.toBe(etag);
  });

  it("cannot be made to carry markup, whatever the names: hostile ones get the grey badge", async () => {
    const reference = await (await badge("acme/unknown.svg")).text();
    const hostile: Array<[string, string]> = [
      ["<script>alert(1)</script>", "x"],
      ["acme", '"><svg onload=alert(1)>'],
      ["a&b", "c&amp;d"],
      ["acme", "x".repeat(5000)],
      ["ünïcødé", "🚀"],
      ["acme", "x\u0000y"],
      [".hidden", "-option"],
    ];
    for (const [owner, repo] of hostile) {
      const response = await badge(`${encodeURIComponent(owner)}/${encodeURIComponent(repo)}.svg`);
      const text = await response.text();
      expect({ owner, status: response.status }).toEqual({ owner, status: 200 });
      expect(text).toBe(reference);
      expect(text).not.toMatch(/<script|onload|<svg[^>]*<svg/i);
    }
  });

  it("take names in any percent-encoding, and give the grey badge for one that is not valid", async () => {
    expect(await (await badge("%61cme/%73erver.json")).json()).toMatchObject({ message: expect.stringMatching(/^\d/) });
    const broken = await badge("acme/%E0%A4%A.json");
    expect(broken.status).toBe(200);
    expect(await broken.json()).toMatchObject({ message: "not scanned" });
  });

  it("answer HEAD with the headers alone, and other methods with 405", async () => {
    const head = await fetch(`${harness.baseUrl}/badge/acme/server.svg`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("etag")).toBe((await badge("acme/server.svg")).headers.get("etag"));
    expect(await head.text()).toBe("");
    const post = await fetch(`${harness.baseUrl}/badge/acme/server.svg`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    expect(await post.json()).toEqual({ error: { code: "method_not_allowed", message: expect.any(String) } });
  });

  it("are a JSON 404 for another extension", async () => {
    const response = await badge("acme/server.png");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
  });
});
