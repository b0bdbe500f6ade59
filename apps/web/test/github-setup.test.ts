import { type FakeGithub, startFakeGithub } from "@lastcall/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_ID, deliverWebhook } from "./support/github-webhooks.js";
import { startWebHarness, type WebHarness } from "./support/web-harness.js";

let github: FakeGithub;
let harness: WebHarness;

beforeAll(async () => {
  github = await startFakeGithub({ appId: APP_ID });
  // No GITHUB_APP_ID: a fresh self-hosted server, before its App exists.
  harness = await startWebHarness({ env: { GITHUB_API_URL: github.url } });
});

afterAll(async () => {
  await harness?.close();
  await github?.close();
});

function page(path: string, cookie?: string): Promise<Response> {
  return fetch(`${harness.baseUrl}${path}`, { headers: cookie === undefined ? {} : { cookie }, redirect: "manual" });
}

/** React writes attribute values HTML-escaped. */
function attribute(html: string, pattern: RegExp): string | undefined {
  const raw = pattern.exec(html)?.[1];
  return raw?.replaceAll("&quot;", '"').replaceAll("&#x27;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

async function startSetup(fields: Record<string, string>): Promise<{ cookie: string; state: string; location: string | null }> {
  const response = await fetch(`${harness.baseUrl}/setup/github/start`, {
    method: "POST",
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
  expect(response.status).toBe(303);
  const setCookie = response.headers.get("set-cookie") ?? "";
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=lax/i);
  expect(setCookie).toMatch(/Path=\/setup\/github/);
  const cookie = setCookie.split(";")[0] ?? "";
  return { cookie, state: cookie.split("=")[1] ?? "", location: response.headers.get("location") };
}

describe("without a GitHub App", () => {
  it("answers webhooks with 404 github_app_not_configured", async () => {
    const response = await deliverWebhook(harness.baseUrl, { event: "ping", payload: { zen: "Approachable is better than simple." } });
    expect(response).toMatchObject({ status: 404, body: { error: { code: "github_app_not_configured", message: expect.any(String) } } });
    expect(await harness.db.webhookDelivery.count()).toBe(0);
  });
});

describe("/setup/github: creating the App with GitHub's App Manifest flow", () => {
  let cookie: string;
  let state: string;

  it("asks where the App goes and what it is called", async () => {
    const html = await (await page("/setup/github")).text();
    expect(html).toContain('action="/setup/github/start"');
    expect(html).toContain('name="organization"');
    expect(html).toContain(`${harness.baseUrl}/api/github/webhooks`);
  });

  it("needs the state cookie the start of the setup sets", async () => {
    expect(await (await page("/setup/github/create")).text()).toContain("has not been started");
  });

  it("posts the manifest to GitHub with a random state kept in an HTTP-only cookie", async () => {
    ({ cookie, state } = await startSetup({ organization: "acme-org", name: "Lastcall test" }));
    expect(state).toMatch(/^[\w-]{40,}$/);
    const started = await startSetup({ organization: "acme-org", name: "Lastcall test" });
    expect(started.state).not.toBe(state);
    expect(started.location).toBe("/setup/github/create?organization=acme-org&name=Lastcall+test");

    const html = await (await page(started.location ?? "", cookie)).text();
    const action = attribute(html, /<form action="([^"]*)"/);
    expect(action).toBe(`${harness.git.url}/organizations/acme-org/settings/apps/new?state=${state}`);
    const manifest = JSON.parse(attribute(html, /name="manifest" value="([^"]*)"/) ?? "null");
    expect(manifest).toEqual({
      name: "Lastcall test",
      url: harness.baseUrl,
      description: expect.any(String),
      hook_attributes: { url: `${harness.baseUrl}/api/github/webhooks`, active: true },
      redirect_url: `${harness.baseUrl}/setup/github/callback`,
      public: false,
      default_permissions: { checks: "write", contents: "read", metadata: "read", pull_requests: "read" },
      default_events: ["pull_request", "push", "check_run", "check_suite"],
    });

    const ownAccount = await (await page("/setup/github/create", cookie)).text();
    expect(attribute(ownAccount, /<form action="([^"]*)"/)).toBe(`${harness.git.url}/settings/apps/new?state=${state}`);
    expect(await (await page("/setup/github/create?organization=-bad-", cookie)).text()).toContain("is not a GitHub organization name");
  });

  it("refuses a callback whose state does not match the cookie, without asking GitHub", async () => {
    for (const [path, withCookie] of [
      [`/setup/github/callback?code=stolen&state=${state}`, undefined],
      ["/setup/github/callback?code=stolen&state=another", cookie],
    ] as const) {
      expect(await (await page(path, withCookie)).text()).toContain("its state does not match");
    }
    expect(github.manifestConversions).toEqual([]);
  });

  it("trades the code for the App's credentials and shows them once, with how to store them and the install link", async () => {
    const response = await page(`/setup/github/callback?code=code-1&state=${state}`, cookie);
    expect(response.status).toBe(200);
    const html = await response.text();
    const [conversion] = github.manifestConversions;
    if (conversion === undefined) throw new Error("the code was not converted");
    expect(conversion.code).toBe("code-1");
    expect(html).toContain(`GITHUB_APP_ID=${APP_ID}`);
    expect(html).toContain(`GITHUB_WEBHOOK_SECRET=${conversion.webhookSecret}`);
    expect(html).toContain(`GITHUB_APP_PRIVATE_KEY=&quot;${conversion.pem.trim().replaceAll("\n", "\\n")}&quot;`);
    expect(html).toContain(conversion.pem.trim());
    expect(html).toContain("GITHUB_APP_PRIVATE_KEY_FILE");
    expect(html).toContain(`href="${conversion.htmlUrl}/installations/new"`);
    expect(html).toContain('<meta name="referrer" content="no-referrer"/>');
    expect(response.headers.get("cache-control")).toMatch(/no-store/);

    const again = await (await page(`/setup/github/callback?code=code-1&state=${state}`, cookie)).text();
    expect(again).toContain("used already");
    expect(again).not.toContain(conversion.webhookSecret);
  });
});
