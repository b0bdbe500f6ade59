import type { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckRunAnnotation } from "./check-run-annotations.js";
import { createCheckRun } from "./create-check-run.js";
import { installationOctokit } from "./github-app.js";
import { neutralOutput } from "./neutral-output.js";
import { publishCheckRun } from "./publish-check-run.js";
import { type FakeApp, INSTALLATION_ID, startFakeApp } from "./test-support/fake-app.js";

const annotations = (count: number): CheckRunAnnotation[] =>
  Array.from({ length: count }, (_, index) => ({
    path: "src/server.ts",
    start_line: index + 1,
    end_line: index + 1,
    annotation_level: "warning",
    title: "SD012 unbounded-drain",
    message: `finding ${index + 1}`,
  }));

describe("publishCheckRun", () => {
  let fake: FakeApp;
  let octokit: Octokit;
  const target = { owner: "acme", repo: "server", detailsUrl: "https://lastcall.dev/scans/9" };

  beforeAll(async () => {
    fake = await startFakeApp();
    octokit = await installationOctokit(fake.app, INSTALLATION_ID);
  });
  afterAll(() => fake.github.close());

  async function newRun(): Promise<number> {
    return createCheckRun(octokit, { ...target, headSha: "c".repeat(40) });
  }

  function updatesOf(checkRunId: number) {
    return fake.github.requests.filter(
      (request) => request.method === "PATCH" && request.path === `/repos/acme/server/check-runs/${checkRunId}`,
    );
  }

  it("completes the run with the first 50 annotations and appends the rest 50 at a time", async () => {
    const checkRunId = await newRun();
    await publishCheckRun(octokit, {
      ...target,
      checkRunId,
      conclusion: "failure",
      title: "Score 40 (F)",
      summary: "## s",
      annotations: annotations(110),
    });

    const updates = updatesOf(checkRunId).map(
      (request) => request.body as Record<string, unknown> & { output: { annotations: unknown[] } },
    );
    expect(updates.map((body) => body.output.annotations.length)).toEqual([50, 50, 10]);
    expect(updates[0]).toMatchObject({
      status: "completed",
      conclusion: "failure",
      details_url: target.detailsUrl,
      output: { title: "Score 40 (F)", summary: "## s" },
    });
    expect(updates[0]?.completed_at).toEqual(expect.any(String));
    for (const later of updates.slice(1)) expect(Object.keys(later).sort()).toEqual(["output"]);

    const run = fake.github.checkRuns.get(checkRunId);
    expect(run).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "Score 40 (F)", summary: "## s" } });
    expect(run?.annotations.map((annotation) => annotation.message)).toEqual(annotations(110).map((annotation) => annotation.message));
  });

  it("sends one request for 50 annotations or fewer", async () => {
    const checkRunId = await newRun();
    await publishCheckRun(octokit, {
      ...target,
      checkRunId,
      conclusion: "success",
      title: "Score 95 (A)",
      summary: "s",
      annotations: annotations(50),
    });
    expect(updatesOf(checkRunId)).toHaveLength(1);
    expect(fake.github.checkRuns.get(checkRunId)?.annotations).toHaveLength(50);
  });

  it("publishes a failed scan as neutral without annotations", async () => {
    const checkRunId = await newRun();
    await publishCheckRun(octokit, { ...target, checkRunId, ...neutralOutput("clone timed out") });
    expect(updatesOf(checkRunId)).toHaveLength(1);
    expect(fake.github.checkRuns.get(checkRunId)).toMatchObject({
      conclusion: "neutral",
      output: { title: "Scan failed" },
      annotations: [],
    });
  });

  it("surfaces GitHub's refusal", async () => {
    await expect(
      publishCheckRun(octokit, { ...target, checkRunId: 999_999, conclusion: "success", title: "t", summary: "s", annotations: [] }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
