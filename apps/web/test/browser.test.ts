import { fixtureRepositoryFiles, withVaultLeaseRevoked } from "@lastcall/testkit";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { elementsWiderThanViewport, launchBrowser, saveScreenshot } from "./support/browser.js";
import { type RunningWebApp, startSingleNodeHarness, startWebHarness } from "./support/web-harness.js";

const SCAN_PAGE = /\/scans\/([0-9a-f-]{36})$/;

/** A real MCP server with shutdown gaps: SD013 flags its Vault lease read at src/vault.ts:34 (expected.json). */
async function fixtureFiles(): Promise<Record<string, string>> {
  const { "expected.json": _expected, ...files } = await fixtureRepositoryFiles();
  return files;
}

/** Records each stage the live progress component shows, from now on. */
async function recordStages(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    const record = () => {
      const stage = document.querySelector("[data-stage]")?.getAttribute("data-stage");
      if (stage && seen.at(-1) !== stage) seen.push(stage);
    };
    record();
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    (window as unknown as { stagesSeen: string[] }).stagesSeen = seen;
  });
  return () => page.evaluate(() => (window as unknown as { stagesSeen: string[] }).stagesSeen);
}

async function waitForReport(page: Page): Promise<number> {
  await page.getByRole("heading", { name: "Fix these first" }).waitFor({ timeout: 45_000 });
  return Number(await page.locator(".score-summary__number").textContent());
}

// The same journey in both ways to run Lastcall: PostgreSQL + Redis with a BullMQ worker, and
// single-node (embedded database, scans in the web process), as `npm start` runs on a fresh clone.
describe.each(["services", "single-node"] as const)("in %s mode", (mode) => {
  // The services run keeps the plain names; the single-node run's screenshots are prefixed.
  const shotPrefix = mode === "services" ? "" : "single-node-";

  let harness: RunningWebApp;
  let browser: Browser;
  let page: Page;
  let repositoryUrl: string;
  const commits: string[] = [];
  const scans: Array<{ id: string; score: number }> = [];

  beforeAll(async () => {
    // Slow git responses a little, so that the scan is still running when its page first renders.
    const git = { responseDelayMs: 150 };
    [harness, browser] = await Promise.all([
      mode === "services" ? startWebHarness({ git }) : startSingleNodeHarness({ git }),
      launchBrowser(),
    ]);
    repositoryUrl = `${harness.git.url}/acme/server`;
    commits.push(await harness.git.commit("acme/server", { files: await fixtureFiles(), message: "finance reporting server" }));
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  describe("the website", () => {
    it("shows why a URL is rejected under the field, and stays on the page", async () => {
      await page.goto(`${harness.baseUrl}/`);
      const field = page.getByLabel("GitHub repository");
      await field.fill("ftp://example.com/acme/server");
      await page.getByRole("button", { name: "Scan" }).click();
      const error = page.locator("#repository-url-error");
      await error.filter({ hasText: /\S/ }).waitFor();
      expect(await error.textContent()).toMatch(/only http:\/\/ URLs are accepted/);
      expect(await error.getAttribute("aria-live")).toBe("polite");
      expect(await field.getAttribute("aria-invalid")).toBe("true");
      expect(new URL(page.url()).pathname).toBe("/");
    });

    it("scans a pasted repository URL: live progress, then the report with findings at file:line", async () => {
      await page.getByLabel("GitHub repository").fill(repositoryUrl);
      await page.getByRole("button", { name: "Scan" }).click();
      await page.waitForURL(SCAN_PAGE);
      const id = SCAN_PAGE.exec(page.url())?.[1] ?? "";
      await page.getByRole("heading", { name: "Scan in progress" }).waitFor();
      const stagesSeen = await recordStages(page);
      await saveScreenshot(page, `${shotPrefix}scan-progress`);

      const score = await waitForReport(page);
      scans.push({ id, score });
      // Pushed to the page while it was open (then the server rendered the report).
      expect(await stagesSeen()).toContain("done");
      await saveScreenshot(page, `${shotPrefix}scan-report`);

      const [sha] = commits;
      const lease = page.locator("article.finding", { has: page.locator('a[href$="/src/vault.ts#L34"]') });
      expect(await lease.locator(".finding__location a").getAttribute("href")).toBe(`${repositoryUrl}/blob/${sha}/src/vault.ts#L34`);
      expect(await lease.locator(".finding__location").textContent()).toBe("src/vault.ts:34");
      const card = (await lease.textContent()) ?? "";
      expect(card).toContain("SD013 secret-leases-not-revoked");
      expect(card).toContain('client.read("database/creds/readonly")');
      expect(card).toContain("Why it matters");
      expect(await lease.locator(".code-excerpt .sh__token--string").count()).toBeGreaterThan(0);
      expect(await page.locator('tr[data-rule="SD003"]').textContent()).toMatch(/Not applicable.*no stdio transport/);
      expect(await page.locator('tr[data-rule="SD013"]').textContent()).toContain("Fail");
      expect(await page.locator(".report-meta").textContent()).toContain(`npx lastcall audit ${repositoryUrl}/tree/${sha}`);
      expect(await page.getByRole("link", { name: "Download SARIF" }).getAttribute("href")).toBe(`/api/v1/scans/${id}/sarif`);
    });

    it("sends an already-scanned commit straight to its report", async () => {
      await page.goto(`${harness.baseUrl}/`);
      await page.getByLabel("GitHub repository").fill(repositoryUrl);
      await page.getByRole("button", { name: "Scan" }).click();
      await page.waitForURL(SCAN_PAGE);
      expect(await waitForReport(page)).toBe(scans[0]?.score);
      expect(page.url()).toBe(`${harness.baseUrl}/scans/${scans[0]?.id}`);
    });

    it("scans again from the repository page: two history points, and the badge shows the new score", async () => {
      await page.getByRole("heading", { level: 1 }).getByRole("link", { name: "acme/server" }).click();
      await page.waitForURL(`${harness.baseUrl}/r/acme/server`);
      expect(await page.locator(".history__point").count()).toBe(1);

      commits.push(
        await harness.git.commit("acme/server", { files: withVaultLeaseRevoked(await fixtureFiles()), message: "revoke the Vault token" }),
      );
      await page.getByRole("button", { name: "Scan again" }).click();
      await page.waitForURL((url) => SCAN_PAGE.test(url.pathname) && !url.pathname.endsWith(scans[0]?.id ?? ""));
      const id = SCAN_PAGE.exec(page.url())?.[1] ?? "";
      const score = await waitForReport(page);
      scans.push({ id, score });
      expect(score).toBeGreaterThan(scans[0]?.score ?? 100);
      expect(await page.locator('tr[data-rule="SD013"]').textContent()).toContain("Pass");

      await page.goto(`${harness.baseUrl}/r/acme/server`);
      const points = page.locator(".history__point");
      expect(await points.locator("title").allTextContents()).toEqual(
        scans.map(({ score }, index) => expect.stringMatching(new RegExp(`^${commits[index]?.slice(0, 7)}: ${score} \\([A-F]\\)$`))),
      );
      await points.nth(1).focus();
      expect(await page.evaluate(() => document.activeElement?.getAttribute("data-scan"))).toBe(id);
      expect(await page.locator(".score-summary__number").textContent()).toBe(String(score));
      expect(await page.locator(".badge-snippets").textContent()).toContain(
        `[![Lastcall shutdown score](${harness.baseUrl}/badge/acme/server.svg)]`,
      );
      await saveScreenshot(page, `${shotPrefix}repository`);

      const badge = await fetch(`${harness.baseUrl}/badge/acme/server.svg`);
      expect(badge.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
      expect(await badge.text()).toContain(`${score} · `);
    });

    it("lists recent scans and the best-scoring repositories on the home page", async () => {
      await page.goto(`${harness.baseUrl}/`);
      const recent = page.locator("section", { has: page.getByRole("heading", { name: "Recent scans" }) }).locator("li");
      expect(await recent.count()).toBe(2);
      expect(await recent.first().textContent()).toContain(`acme/server${commits[1]?.slice(0, 7)}`);
      const best = page.locator("section", { has: page.getByRole("heading", { name: "Best-scoring repositories" }) }).locator("li");
      expect(await best.allTextContents()).toEqual([expect.stringContaining(`${scans[1]?.score}`)]);
      expect(await best.getByRole("link").getAttribute("href")).toBe("/r/acme/server");
      await saveScreenshot(page, `${shotPrefix}home`);
    });

    it("lists the rules and renders each rule's docs page; unknown ids and repositories are not found", async () => {
      await page.goto(`${harness.baseUrl}/rules`);
      expect(await page.locator("tbody tr").count()).toBe(20);
      await saveScreenshot(page, `${shotPrefix}rules`);
      await page.getByRole("link", { name: "SD013", exact: true }).click();
      await page.waitForURL(`${harness.baseUrl}/rules/SD013`);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("SD013 secret-leases-not-revoked");
      expect(await page.locator(".prose pre.code-block .sh__line").count()).toBeGreaterThan(0);
      await saveScreenshot(page, `${shotPrefix}rule`);

      for (const path of ["/rules/SD999", "/scans/00000000-0000-4000-8000-000000000000", "/scans/not-a-scan", "/r/acme/nothing"]) {
        const response = await page.goto(`${harness.baseUrl}${path}`);
        expect({ path, status: response?.status() }).toEqual({ path, status: 404 });
        expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Not found");
      }
    });

    it("fits a 375 px wide phone screen without scrolling sideways", async () => {
      const phone = await browser.newPage({ viewport: { width: 375, height: 812 } });
      const paths = ["/", `/scans/${scans[0]?.id}`, "/r/acme/server", "/rules", "/rules/SD003"];
      for (const path of paths) {
        await phone.goto(`${harness.baseUrl}${path}`);
        expect({ path, tooWide: await elementsWiderThanViewport(phone) }).toEqual({ path, tooWide: [] });
      }
      await saveScreenshot(phone, `${shotPrefix}rule-phone`);
      for (const [path, name] of [
        [`/scans/${scans[0]?.id}`, "scan-report-phone"],
        ["/r/acme/server", "repository-phone"],
      ] as const) {
        await phone.goto(`${harness.baseUrl}${path}`);
        await saveScreenshot(phone, `${shotPrefix}${name}`);
      }
      await phone.close();
    });
  });
});
