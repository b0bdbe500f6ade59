import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderApiDocs } from "./api-docs.js";

describe("renderApiDocs", () => {
  it("finds docs/api.md above the app and renders every endpoint", async () => {
    const html = await renderApiDocs(fileURLToPath(new URL(".", import.meta.url)));
    for (const endpoint of [
      "POST /api/v1/scans",
      "GET /api/v1/scans/&lt;id&gt;",
      "GET /api/v1/scans/&lt;id&gt;/events",
      "GET /api/v1/scans/&lt;id&gt;/sarif",
      "GET /api/v1/repos/&lt;owner&gt;/&lt;repo&gt;",
      "GET /api/v1/repos/&lt;owner&gt;/&lt;repo&gt;/history",
    ]) {
      expect(html).toContain(`<h3><code>${endpoint}</code></h3>`);
    }
    expect(html).toContain("<table>");
  });

  it("is undefined where there is no docs/api.md", async () => {
    const empty = await mkdtemp(join(tmpdir(), "lastcall-no-docs-"));
    try {
      expect(await renderApiDocs(empty)).toBeUndefined();
    } finally {
      await rm(empty, { recursive: true });
    }
  });
});
