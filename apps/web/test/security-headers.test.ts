import { type FakeGithub, fixtureRepositoryFiles } from "@lastcall/testkit";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postScan, waitForScan } from "./support/api-client.js";
import { elementsWiderThanViewport, launchBrowser, saveScreenshot } from "./support/browser.js";
import { startSignInGithub } from "./support/github-sign-in.js";
import { startWebHarness, type WebHarness } from "./support/web-harness.js";

const SCAN_PAGE = /\/scans\/([0-9a-f-]{36})$/;

let harness: WebHarness;
let github: FakeGithub;
let scanId: string;

beforeAll(async () => {
  const signIn = await startSignInGithub(
    [{ login: "alice", repositories: { "acme/private": "admin" } }],
    [{ owner: "acme", name: "private", private: true }],
  );
  github = signIn.github;
  harness = await startWebHarness({ git: { loginServer: github.url }, env: signIn.env });
  const files = await fixtureRepositoryFiles();
  await Promise.all([harness.git.commit("acme/server", { files }), harness.git.commit("acme/private", { files })]);
  const [server, hidden] = await Promise.all([
    postScan(harness.baseUrl, { url: "acme/server" }),
    postScan(harness.baseUrl, { url: "acme/private" }),
  ]);
  scanId = String(server.body.id);
  await Promise.all([waitForScan(harness.baseUrl, scanId), waitForScan(harness.baseUrl, String(hidden.body.id))]);
  await harness.db.repository.updateMany({ where: { nameKey: "private" }, data: { private: true } });
});

afterAll(async () => {
  await harness?.close();
  await github?.close();
});

function directives(policy: string | null): Map<string, string[]> {
  return new Map(
    (policy ?? "").split(";").map((directive) => {
      const [name = "", ...values] = directive.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

const STANDARD_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
};

function expectStandardHeaders(path: string, response: Response): void {
  const actual = Object.fromEntries(Object.keys(STANDARD_HEADERS).map((name) => [name, response.headers.get(name)]));
  expect({ path, ...actual }).toEqual({ path, ...STANDARD_HEADERS });
  expect(response.headers.get("permissions-policy")).toMatch(/camera=\(\).*microphone=\(\)/);
  expect(response.headers.get("strict-transport-security")).toBeNull();
}

describe("security headers", () => {
  const pages = () => [
    "/",
    "/rules",
    "/rules/SD013",
    "/docs/api",
    "/r/acme/server",
    `/scans/${scanId}`,
    "/r/acme/private",
    "/no/such/page",
  ];

  it("give every page a Content-Security-Policy whose scripts need this request's nonce, never 'unsafe-inline'", async () => {
    for (const path of pages()) {
      const response = await fetch(`${harness.baseUrl}${path}`);
      expectStandardHeaders(path, response);
      const policy = directives(response.headers.get("content-security-policy"));
      const scriptSrc = policy.get("script-src") ?? [];
      const nonce = /^'nonce-([A-Za-z0-9+/=]{24})'$/.exec(scriptSrc.find((value) => value.startsWith("'nonce-")) ?? "")?.[1];
      expect({ path, nonce }).toEqual({ path, nonce: expect.any(String) });
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
      expect(policy.get("object-src")).toEqual(["'none'"]);
      // Every script Next rendered into the page carries the nonce.
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
      expect(scripts.length).toBeGreaterThan(0);
      expect(scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);
    }
  });

  it("use a fresh nonce for every request", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 5; i += 1) {
      const policy = (await fetch(`${harness.baseUrl}/`)).headers.get("content-security-policy") ?? "";
      nonces.add(/'nonce-([^']+)'/.exec(policy)?.[1] ?? "");
    }
    expect(nonces.size).toBe(5);
  });

  it("give the API and health checks a policy that allows nothing", async () => {
    for (const path of ["/api/v1/repos/acme/server", `/api/v1/scans/${scanId}`, "/api/v1/nothing", "/api/v1/repos/acme/private"]) {
      const response = await fetch(`${harness.baseUrl}${path}`);
      expectStandardHeaders(path, response);
      expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    }
    expectStandardHeaders("/healthz", await fetch(`${harness.baseUrl}/healthz`));
  });

  it("give badges the standard headers and their own SVG policy, so that README images keep working", async () => {
    for (const path of ["/badge/acme/server.svg", "/badge/acme/server.json", "/badge/acme/private.svg"]) {
      const response = await fetch(`${harness.baseUrl}${path}`);
      expect(response.status).toBe(200);
      expectStandardHeaders(path, response);
      expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; style-src 'unsafe-inline'");
      expect(response.headers.get("cross-origin-resource-policy")).toBeNull();
    }
  });

  it("add Strict-Transport-Security and upgrade subresources only when served over https", async () => {
    const secure = await fetch(`${harness.baseUrl}/`, { headers: { "x-forwarded-proto": "https" } });
    expect(secure.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(directives(secure.headers.get("content-security-policy")).has("upgrade-insecure-requests")).toBe(true);
    const badge = await fetch(`${harness.baseUrl}/badge/acme/server.svg`, { headers: { "x-forwarded-proto": "https" } });
    expect(badge.headers.get("strict-transport-security")).not.toBeNull();
  });

  it("mark Next's static files nosniff", async () => {
    const html = await (await fetch(`${harness.baseUrl}/`)).text();
    const script = /<script[^>]+src="(\/_next\/static\/[^"]+)"/.exec(html)?.[1];
    const response = await fetch(`${harness.baseUrl}${script}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("the site in Chromium under its Content-Security-Policy", () => {
  let browser: Browser;
  let page: Page;
  const violations: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Runs in every document before its own scripts (injected by the browser, so not subject to the policy).
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        const record = `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`;
        (window as unknown as { violations?: string[] }).violations?.push(record);
        console.error(`CSP violation: ${record}`);
      });
      (window as unknown as { violations: string[] }).violations = [];
    });
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function visit(path: string): Promise<void> {
    const response = await page.goto(`${harness.baseUrl}${path}`);
    expect({ path, status: response?.status() }).toEqual({ path, status: 200 });
    await page.waitForLoadState("networkidle");
    violations.push(...(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)));
  }

  it("renders and runs every page with no violation: forms, live progress, reports, history, badges, docs", async () => {
    await visit("/");
    // The form's own script runs (hydrated with the nonce) and validates.
    await page.getByRole("button", { name: "Scan" }).click();
    await page.locator("#repository-url-error").filter({ hasText: /\S/ }).waitFor();

    // A new commit: live progress over server-sent events, then the report.
    await harness.git.commit("acme/server", { files: { "NOTES.md": "a change" } });
    await page.getByLabel("GitHub repository").fill(`${harness.git.url}/acme/server`);
    await page.getByRole("button", { name: "Scan" }).click();
    await page.waitForURL(SCAN_PAGE);
    await page.getByRole("heading", { name: "Fix these first" }).waitFor({ timeout: 45_000 });
    violations.push(...(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)));

    for (const path of [`/scans/${scanId}`, "/r/acme/server", "/rules", "/rules/SD013", "/docs/api"]) await visit(path);
    await page.goto(`${harness.baseUrl}/r/acme/server`);
    expect(await page.locator(".badge-snippets__image").evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);
    expect(violations).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it("signs in with GitHub, rotates a private badge's token and signs out, with no violation", async () => {
    github.signIn("alice");
    await visit("/r/acme/server");
    await page.getByRole("link", { name: "Sign in" }).click();
    // Back on the page the link was on, signed in.
    await page.waitForURL(`${harness.baseUrl}/r/acme/server`);
    expect(await page.locator(".site-header__user").textContent()).toBe("alice");

    await visit("/r/acme/private");
    await page.getByRole("button", { name: "Create badge token" }).click();
    await page.getByRole("button", { name: "Rotate badge token" }).waitFor();
    const image = page.locator(".badge-snippets__image");
    expect(await image.getAttribute("src")).toMatch(/^\/badge\/acme\/private\.svg\?token=[\w-]+&scan=/);
    await page.waitForLoadState("networkidle");
    expect(await image.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBeGreaterThan(0);
    violations.push(...(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)));
    await saveScreenshot(page, "private-repository-admin");
    // Signed in, the header still fits a phone.
    await page.setViewportSize({ width: 375, height: 812 });
    expect(await elementsWiderThanViewport(page)).toEqual([]);
    await saveScreenshot(page, "private-repository-admin-phone");
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("link", { name: "Sign in" }).waitFor();
    const hidden = await page.goto(`${harness.baseUrl}/r/acme/private`);
    expect(hidden?.status()).toBe(404);
    expect(violations).toEqual([]);
    // The 404 document itself is the one error Chromium reports.
    expect(consoleErrors.filter((error) => !/status of 404/.test(error))).toEqual([]);
  });

  it("blocks and reports script in markup injected into a page (what XSS would slip in)", async () => {
    await page.goto(`${harness.baseUrl}/rules`);
    // Markup, as an unescaped value would put it in a page: event handlers never run. (A script that is
    // already running may add scripts under 'strict-dynamic'; the policy's job is that none starts.)
    await page.evaluate(() => {
      document.body.insertAdjacentHTML(
        "beforeend",
        '<img src="/nothing.png" onerror="window.injected = 1"><svg onload="window.injected = 2"></svg>',
      );
    });
    await page.waitForFunction(() => (window as unknown as { violations: string[] }).violations.length >= 2);
    expect(await page.evaluate(() => (window as unknown as { injected?: number }).injected)).toBeUndefined();
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([
      expect.stringMatching(/^script-src-attr inline/),
      expect.stringMatching(/^script-src-attr inline/),
    ]);
  });
});
