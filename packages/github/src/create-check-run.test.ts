import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECK_RUN_NAME, createCheckRun } from "./create-check-run.js";
import { installationOctokit } from "./github-app.js";
import { type FakeApp, INSTALLATION_ID, startFakeApp } from "./test-support/fake-app.js";

describe("createCheckRun", () => {
  let fake: FakeApp;
  beforeAll(async () => {
    fake = await startFakeApp();
  });
  afterAll(() => fake.github.close());

  it("opens the Lastcall check in progress on the head commit and returns its id", async () => {
    const octokit = await installationOctokit(fake.app, INSTALLATION_ID);
    const headSha = "b".repeat(40);
    const id = await createCheckRun(octokit, {
      owner: "acme",
      repo: "server",
      headSha,
      detailsUrl: "https://lastcall.dev/scans/1",
      externalId: "scan-1",
    });
    expect(fake.github.checkRuns.get(id)).toMatchObject({
      name: CHECK_RUN_NAME,
      headSha,
      status: "in_progress",
      conclusion: null,
      detailsUrl: "https://lastcall.dev/scans/1",
      externalId: "scan-1",
      output: { title: "Scanning" },
    });
    expect(fake.github.checkRuns.get(id)?.startedAt).toEqual(expect.any(String));
  });
});
