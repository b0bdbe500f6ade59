import { type FakeGithub, fixtureRepositoryFiles, startFakeGithub, withVaultLeaseRevoked } from "@lastcall/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, waitForScan } from "./support/api-client.js";
import {
  APP_ID,
  checkSuiteRerequestedPayload,
  deliverWebhook,
  githubAppEnv,
  installationPayload,
  installationRepositoriesPayload,
  PREVIOUS_WEBHOOK_SECRET,
  pullRequestPayload,
  pushPayload,
  signBody,
  type TestPullRequest,
  type TestRepository,
} from "./support/github-webhooks.js";
import { startWebHarness, type WebHarness } from "./support/web-harness.js";

let github: FakeGithub;
let harness: WebHarness;
let files: Record<string, string>;

const INSTALLATION = 7001;
const server: TestRepository = { owner: "acme", name: "server", id: 501 };
const tools: TestRepository = { owner: "acme", name: "tools", id: 502, private: true };
const zeros = "0".repeat(40);

beforeAll(async () => {
  github = await startFakeGithub({ appId: APP_ID, repositories: [{ owner: "acme", name: "server" }] });
  harness = await startWebHarness({ env: githubAppEnv(github.url) });
  files = await fixtureRepositoryFiles();
});

afterAll(async () => {
  await harness?.close();
  await github?.close();
});

const counts = async () => ({
  deliveries: await harness.db.webhookDelivery.count(),
  scans: await harness.db.scan.count(),
  checkRuns: await harness.db.checkRun.count(),
});

const deliveryRow = (id: string) => harness.db.webhookDelivery.findUniqueOrThrow({ where: { id } });

describe("POST /api/github/webhooks: refused before anything is recorded", () => {
  it("answers a forged or missing signature with 401 invalid_signature, recording and queuing nothing", async () => {
    const before = await counts();
    const payload = pushPayload(INSTALLATION, server, { branch: "main", before: zeros, after: "a".repeat(40) });
    const forged = await deliverWebhook(harness.baseUrl, { event: "push", payload, secret: "not-the-secret-0123456789" });
    expect(forged.status).toBe(401);
    expect(forged.body).toEqual({ error: { code: "invalid_signature", message: expect.any(String) } });
    // The signature covers the exact bytes: the same payload serialised differently no longer matches it.
    const tampered = await deliverWebhook(harness.baseUrl, {
      event: "push",
      payload: JSON.stringify(payload, null, 2),
      signature: await signBody(JSON.stringify(payload)),
    });
    expect(tampered.status).toBe(401);
    const unsigned = await deliverWebhook(harness.baseUrl, { event: "push", payload, signature: null });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body).toMatchObject({ error: { code: "invalid_signature" } });
    expect(await counts()).toEqual(before);
  });

  it("answers a delivery without its delivery id or event name with 400", async () => {
    const payload = { zen: "Keep it logically awesome.", hook_id: 1 };
    for (const header of ["x-github-delivery", "x-github-event"]) {
      const response = await deliverWebhook(harness.baseUrl, { event: "ping", payload, headers: { [header]: null } });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: { code: "missing_headers", message: expect.stringContaining(header) } });
    }
    expect(await harness.db.webhookDelivery.count({ where: { event: "ping" } })).toBe(0);
  });

  it("refuses a body over 5 MiB with 413", async () => {
    const response = await deliverWebhook(harness.baseUrl, {
      event: "push",
      payload: JSON.stringify({ padding: "x".repeat(5 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ error: { code: "payload_too_large" } });
  });
});

describe("POST /api/github/webhooks: events", () => {
  let mainCommit: string;
  let featureCommit: string;

  beforeAll(async () => {
    mainCommit = await harness.git.commit("acme/server", { files: withVaultLeaseRevoked(files) });
    featureCommit = await harness.git.commit("acme/server", { files, branch: "feature" });
  });

  it("answers events it does not act on with 202 ignored, and records them", async () => {
    const ping = await deliverWebhook(harness.baseUrl, { event: "ping", payload: { zen: "Design for failure.", hook_id: 1 } });
    expect(ping).toMatchObject({ status: 202, body: { outcome: "ignored" } });
    expect(await deliveryRow(ping.id)).toMatchObject({ event: "ping", outcome: "ignored", processedAt: expect.any(Date) });
  });

  it("stores an installation and its repositories when the App is installed", async () => {
    const response = await deliverWebhook(harness.baseUrl, {
      event: "installation",
      payload: installationPayload("created", INSTALLATION, "acme", [server]),
    });
    expect(response).toMatchObject({ status: 202, body: { outcome: "stored" } });
    expect(await harness.db.installation.findUnique({ where: { id: BigInt(INSTALLATION) } })).toMatchObject({
      accountLogin: "acme",
      accountType: "Organization",
      suspendedAt: null,
      deletedAt: null,
    });
    expect(await harness.db.repository.findMany({ where: { installationId: BigInt(INSTALLATION) } })).toEqual([
      expect.objectContaining({ owner: "acme", name: "server", githubId: 501n, private: false, host: new URL(harness.git.url).host }),
    ]);
    expect(await deliveryRow(response.id)).toMatchObject({
      event: "installation",
      action: "created",
      installationId: BigInt(INSTALLATION),
      outcome: "stored",
    });
  });

  it("links and unlinks repositories added to and removed from the installation", async () => {
    const added = await deliverWebhook(harness.baseUrl, {
      event: "installation_repositories",
      payload: installationRepositoriesPayload("added", INSTALLATION, [tools]),
    });
    expect(added).toMatchObject({ status: 202, body: { outcome: "stored" } });
    const linked = { host: new URL(harness.git.url).host, ownerKey: "acme", nameKey: "tools" };
    expect(await harness.db.repository.findUnique({ where: { host_ownerKey_nameKey: linked } })).toMatchObject({
      installationId: BigInt(INSTALLATION),
      private: true,
      githubId: 502n,
    });

    const removed = await deliverWebhook(harness.baseUrl, {
      event: "installation_repositories",
      payload: installationRepositoriesPayload("removed", INSTALLATION, [tools]),
    });
    expect(removed).toMatchObject({ status: 202, body: { outcome: "stored" } });
    expect(await harness.db.repository.findUnique({ where: { host_ownerKey_nameKey: linked } })).toMatchObject({ installationId: null });
  });

  it("scans a push to the default branch, and the scan becomes a point in the history", async () => {
    const response = await deliverWebhook(harness.baseUrl, {
      event: "push",
      payload: pushPayload(INSTALLATION, server, { branch: "main", before: zeros, after: mainCommit }),
    });
    expect(response).toMatchObject({ status: 202, body: { outcome: "queued" } });
    const scan = await harness.db.scan.findFirstOrThrow({ where: { commitSha: mainCommit } });
    expect(scan).toMatchObject({ trigger: "push", ref: "main", isDefaultBranch: true, pullRequestNumber: null });
    expect(await deliveryRow(response.id)).toMatchObject({ event: "push", outcome: "queued" });

    expect(await waitForScan(harness.baseUrl, scan.id)).toMatchObject({ status: "done", commit: mainCommit });
    const history = await getJson<{ points: Array<{ scanId: string; commit: string }> }>(
      harness.baseUrl,
      "/api/v1/repos/acme/server/history",
    );
    expect(history.body.points).toEqual([expect.objectContaining({ scanId: scan.id, commit: mainCommit })]);
    expect(await harness.db.repository.findFirstOrThrow({ where: { nameKey: "server" } })).toMatchObject({
      defaultBranch: "main",
      installationId: BigInt(INSTALLATION),
      githubId: 501n,
    });
  });

  it("ignores pushes to other branches, tags and branch deletions", async () => {
    const before = await counts();
    for (const push of [
      { branch: "feature", before: zeros, after: featureCommit },
      { branch: "main", before: mainCommit, after: zeros },
    ]) {
      const response = await deliverWebhook(harness.baseUrl, { event: "push", payload: pushPayload(INSTALLATION, server, push) });
      expect(response).toMatchObject({ status: 202, body: { outcome: "ignored" } });
    }
    const tag = pushPayload(INSTALLATION, server, { branch: "main", before: zeros, after: featureCommit });
    tag.ref = "refs/tags/v1.0.0";
    expect((await deliverWebhook(harness.baseUrl, { event: "push", payload: tag })).body).toEqual({ outcome: "ignored" });
    expect(await counts()).toEqual({ ...before, deliveries: before.deliveries + 3 });
  });

  it("accepts deliveries signed with the previous secret while it is being rotated", async () => {
    const response = await deliverWebhook(harness.baseUrl, {
      event: "push",
      payload: pushPayload(INSTALLATION, server, { branch: "main", before: zeros, after: mainCommit }),
      secret: PREVIOUS_WEBHOOK_SECRET,
    });
    expect(response).toMatchObject({ status: 202, body: { outcome: "queued" } });
  });

  const pullRequest = (): TestPullRequest => ({
    number: 12,
    head: { ref: "feature", sha: featureCommit },
    base: { ref: "main", sha: mainCommit },
  });

  it("opens a check of a pull request: a check-run row and scans of its head and base commits", async () => {
    const before = await counts();
    const response = await deliverWebhook(harness.baseUrl, {
      event: "pull_request",
      payload: pullRequestPayload("opened", INSTALLATION, server, pullRequest()),
    });
    expect(response).toMatchObject({ status: 202, body: { outcome: "queued" } });
    const repository = await harness.db.repository.findFirstOrThrow({ where: { nameKey: "server" } });
    expect(await harness.db.checkRun.findMany()).toEqual([
      expect.objectContaining({
        repositoryId: repository.id,
        installationId: BigInt(INSTALLATION),
        headSha: featureCommit,
        baseSha: mainCommit,
        baseRef: "main",
        pullRequestNumber: 12,
      }),
    ]);
    expect(await harness.db.scan.findFirst({ where: { commitSha: featureCommit } })).toMatchObject({
      trigger: "pull_request",
      ref: "feature",
      isDefaultBranch: false,
      pullRequestNumber: 12,
    });
    // The base commit was scanned already (the push above): asking again adds no scan, and it stays in the history.
    expect(await harness.db.scan.findFirst({ where: { commitSha: mainCommit } })).toMatchObject({ isDefaultBranch: true });
    expect(await counts()).toEqual({ deliveries: before.deliveries + 1, scans: before.scans + 1, checkRuns: 1 });
  });

  it("does nothing for a redelivered delivery: 200 duplicate, no second check run or scan", async () => {
    const payload = pullRequestPayload("synchronize", INSTALLATION, server, pullRequest());
    const first = await deliverWebhook(harness.baseUrl, { event: "pull_request", payload });
    expect(first).toMatchObject({ status: 202, body: { outcome: "queued" } });
    const before = await counts();
    const again = await deliverWebhook(harness.baseUrl, { event: "pull_request", payload, id: first.id });
    expect(again).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(await counts()).toEqual(before);
  });

  it("checks the pull requests of a check suite again when someone re-runs it", async () => {
    const before = await counts();
    const rerun = await deliverWebhook(harness.baseUrl, {
      event: "check_suite",
      payload: checkSuiteRerequestedPayload(INSTALLATION, server, pullRequest(), APP_ID),
    });
    expect(rerun).toMatchObject({ status: 202, body: { outcome: "queued" } });
    expect(await harness.db.checkRun.count()).toBe(before.checkRuns + 1);

    const othersSuite = await deliverWebhook(harness.baseUrl, {
      event: "check_suite",
      payload: checkSuiteRerequestedPayload(INSTALLATION, server, pullRequest(), "99"),
    });
    expect(othersSuite).toMatchObject({ status: 202, body: { outcome: "ignored" } });
    expect(await harness.db.checkRun.count()).toBe(before.checkRuns + 1);
  });

  it("ignores events of unknown installations", async () => {
    const before = await counts();
    const response = await deliverWebhook(harness.baseUrl, {
      event: "pull_request",
      payload: pullRequestPayload("opened", 9999, server, pullRequest()),
    });
    expect(response).toMatchObject({ status: 202, body: { outcome: "ignored" } });
    expect(await counts()).toEqual({ ...before, deliveries: before.deliveries + 1 });
  });

  it("answers a payload without the fields its event needs with 400 invalid_payload, recorded as an error", async () => {
    const payload = pullRequestPayload("opened", INSTALLATION, server, pullRequest());
    delete (payload.pull_request as Record<string, unknown>).head;
    const response = await deliverWebhook(harness.baseUrl, { event: "pull_request", payload });
    expect(response).toMatchObject({ status: 400, body: { error: { code: "invalid_payload" } } });
    expect(await deliveryRow(response.id)).toMatchObject({ outcome: "error", error: expect.stringContaining("pull_request.head") });
  });

  it("ignores a suspended installation's events until it is unsuspended", async () => {
    const suspend = await deliverWebhook(harness.baseUrl, {
      event: "installation",
      payload: installationPayload("suspend", INSTALLATION, "acme", []),
    });
    expect(suspend).toMatchObject({ status: 202, body: { outcome: "stored" } });
    const push = () => pushPayload(INSTALLATION, server, { branch: "main", before: zeros, after: mainCommit });
    expect((await deliverWebhook(harness.baseUrl, { event: "push", payload: push() })).body).toEqual({ outcome: "ignored" });

    await deliverWebhook(harness.baseUrl, { event: "installation", payload: installationPayload("unsuspend", INSTALLATION, "acme", []) });
    expect(await harness.db.installation.findUnique({ where: { id: BigInt(INSTALLATION) } })).toMatchObject({ suspendedAt: null });
    expect((await deliverWebhook(harness.baseUrl, { event: "push", payload: push() })).body).toEqual({ outcome: "queued" });
  });

  it("ignores later pushes for a repository once the App is uninstalled", async () => {
    const deleted = await deliverWebhook(harness.baseUrl, {
      event: "installation",
      payload: installationPayload("deleted", INSTALLATION, "acme", [server]),
    });
    expect(deleted).toMatchObject({ status: 202, body: { outcome: "stored" } });
    expect(await harness.db.installation.findUnique({ where: { id: BigInt(INSTALLATION) } })).toMatchObject({
      deletedAt: expect.any(Date),
    });
    expect(await harness.db.repository.findFirstOrThrow({ where: { nameKey: "server" } })).toMatchObject({ installationId: null });

    const newCommit = await harness.git.commit("acme/server", { files: { "NOTES.md": "after uninstalling\n" } });
    const before = await counts();
    const push = await deliverWebhook(harness.baseUrl, {
      event: "push",
      payload: pushPayload(INSTALLATION, server, { branch: "main", before: mainCommit, after: newCommit }),
    });
    expect(push).toMatchObject({ status: 202, body: { outcome: "ignored" } });
    expect(await deliveryRow(push.id)).toMatchObject({ outcome: "ignored" });
    expect(await counts()).toEqual({ ...before, deliveries: before.deliveries + 1 });
  });
});

describe("/setup/github with the App configured", () => {
  it("says the App is configured instead of offering to create one", async () => {
    const response = await fetch(`${harness.baseUrl}/setup/github`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("The GitHub App is configured");
    expect(html).not.toContain("/setup/github/start");
  });
});
