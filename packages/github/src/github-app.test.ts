import { Webhooks } from "@octokit/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGithubApp, getInstallationToken, installationOctokit } from "./github-app.js";
import { APP_ID, type FakeApp, INSTALLATION_ID, startFakeApp } from "./test-support/fake-app.js";

describe("createGithubApp against a fake GitHub", () => {
  let fake: FakeApp;
  beforeAll(async () => {
    fake = await startFakeApp([
      { owner: "acme", name: "server", private: true, defaultBranch: "trunk" },
      { owner: "acme", name: "other" },
    ]);
  });
  afterAll(() => fake.github.close());

  it("authenticates as the app with a JWT at the configured API URL", async () => {
    const { data } = await fake.app.octokitApp.octokit.request("GET /app");
    expect(data).toMatchObject({ id: APP_ID });
    const request = fake.github.requests.find((item) => item.path === "/app");
    expect(request?.headers.authorization).toMatch(/^bearer [\w-]+\.[\w-]+\.[\w-]+$/i);
    expect(request?.headers["user-agent"]).toMatch(/^lastcall /);
  });

  it("gives installation clients that act with an installation token", async () => {
    const octokit = await installationOctokit(fake.app, INSTALLATION_ID);
    const { data } = await octokit.rest.repos.get({ owner: "acme", repo: "server" });
    expect(data).toMatchObject({ private: true, default_branch: "trunk" });
    const exchange = fake.github.requests.find((item) => item.path === `/app/installations/${INSTALLATION_ID}/access_tokens`);
    expect(exchange?.method).toBe("POST");
    const issued = fake.github.installationTokens
      .filter((token) => token.installationId === INSTALLATION_ID)
      .map((token) => `token ${token.token}`);
    expect(issued).toContain(fake.github.requests.at(-1)?.headers.authorization);
  });

  it("hands out a read-only token for git, narrowed to named repositories", async () => {
    const { token, expiresAt } = await getInstallationToken(fake.app, 78, { repositoryNames: ["server"] });
    expect(token).toMatch(/^ghs_/);
    expect(expiresAt).toBeInstanceOf(Date);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 50 * 60 * 1000);
    expect(fake.github.requests.at(-1)?.body).toEqual({ permissions: { contents: "read" }, repositories: ["server"] });
  });

  it("reuses a token while it is valid rather than asking GitHub each time", async () => {
    const first = await getInstallationToken(fake.app, 79);
    const second = await getInstallationToken(fake.app, 79);
    expect(second.token).toBe(first.token);
    expect(fake.github.installationTokens.filter((token) => token.installationId === 79)).toHaveLength(1);
  });

  it("never logs a token", () => {
    expect(fake.logged.length).toBeGreaterThan(0);
    for (const { token } of fake.github.installationTokens) expect(fake.logged.join("\n")).not.toContain(token);
  });

  it("fails when GitHub refuses the token", async () => {
    await expect(getInstallationToken(fake.app, 80, { repositoryNames: ["not-installed"] })).rejects.toMatchObject({ status: 422 });
  });

  it("verifies webhooks with its configured secrets, and refuses to without any", async () => {
    const app = createGithubApp({ appId: APP_ID, privateKey: "unused", apiUrl: fake.github.url, webhookSecrets: ["new", "old"] });
    const body = '{"zen":"Keep it logically awesome."}';
    expect(await app.verifyWebhook(body, await new Webhooks({ secret: "old" }).sign(body))).toBe(true);
    expect(await app.verifyWebhook(body, await new Webhooks({ secret: "other" }).sign(body))).toBe(false);
    await expect(fake.app.verifyWebhook(body, "sha256=00")).rejects.toThrow(TypeError);
  });
});
