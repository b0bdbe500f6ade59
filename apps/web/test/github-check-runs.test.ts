import { CHECK_RUN_NAME } from "@lastcall/github";
import { type FakeCheckRun, type FakeGithub, fixtureRepositoryFiles, startFakeGithub, withVaultLeaseRevoked } from "@lastcall/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson } from "./support/api-client.js";
import {
  APP_ID,
  deliverWebhook,
  githubAppEnv,
  installationPayload,
  pullRequestPayload,
  type TestRepository,
} from "./support/github-webhooks.js";
import { startWebHarness, type WebHarness } from "./support/web-harness.js";

let github: FakeGithub;
let harness: WebHarness;

const INSTALLATION = 8001;
const PUBLIC_URL = "https://lastcall.example";
const server: TestRepository = { owner: "acme", name: "server", id: 601 };

beforeAll(async () => {
  github = await startFakeGithub({ appId: APP_ID, repositories: [{ owner: "acme", name: "server" }] });
  // The in-process worker completes the check runs: it links them to reports at the public URL.
  harness = await startWebHarness({ env: { ...githubAppEnv(github.url), LASTCALL_PUBLIC_URL: PUBLIC_URL } });
});

afterAll(async () => {
  await harness?.close();
  await github?.close();
});

/** A patch that adds every line of `content`: the whole file counts as changed by the pull request. */
function patchAdding(content: string): string {
  const lines = content.replace(/\n$/, "").split("\n");
  return [`@@ -0,0 +1,${lines.length} @@`, ...lines.map((line) => `+${line}`)].join("\n");
}

async function completedCheckRun(headSha: string, timeoutMs = 60_000): Promise<FakeCheckRun> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = [...github.checkRuns.values()].find((candidate) => candidate.headSha === headSha && candidate.status === "completed");
    if (run !== undefined) return run;
    if (Date.now() > deadline) throw new Error(`no completed check run on ${headSha}:\n${harness.output().slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

type Finding = { ruleId: string; file: string; line: number };

describe("a pull request's check run, from webhook to GitHub", () => {
  it("is created in progress on the head commit and completed with the comparison, summary and annotations", async () => {
    const files = await fixtureRepositoryFiles();
    // The pull request undoes the fix of the base branch: the Vault lease is no longer revoked.
    const baseSha = await harness.git.commit("acme/server", { files: withVaultLeaseRevoked(files) });
    const headSha = await harness.git.commit("acme/server", { files, branch: "undo-revoke" });
    const changed = ["src/index.ts", "src/vault.ts"];
    github.setPullRequestFiles(
      "acme",
      "server",
      5,
      changed.map((filename) => ({ filename, status: "modified", patch: patchAdding(files[filename] ?? "") })),
    );

    await deliverWebhook(harness.baseUrl, {
      event: "installation",
      payload: installationPayload("created", INSTALLATION, "acme", [server]),
    });
    const opened = await deliverWebhook(harness.baseUrl, {
      event: "pull_request",
      payload: pullRequestPayload("opened", INSTALLATION, server, {
        number: 5,
        head: { ref: "undo-revoke", sha: headSha },
        base: { ref: "main", sha: baseSha },
      }),
    });
    expect(opened).toMatchObject({ status: 202, body: { outcome: "queued" } });

    const run = await completedCheckRun(headSha);
    const created = github.requests.find((request) => request.method === "POST" && request.path === "/repos/acme/server/check-runs");
    expect(created?.body).toMatchObject({ name: CHECK_RUN_NAME, head_sha: headSha, status: "in_progress" });

    const headScan = await harness.db.scan.findFirstOrThrow({ where: { commitSha: headSha } });
    expect(run).toMatchObject({
      name: CHECK_RUN_NAME,
      conclusion: "failure",
      detailsUrl: `${PUBLIC_URL}/scans/${headScan.id}`,
      output: { title: expect.stringMatching(/^Score \d+ \([A-F]\) · \u2212\d+ vs main$/), summary: expect.stringContaining("SD013") },
    });
    expect(run.output.summary).toMatch(/^#+ /m);
    expect(await harness.db.checkRun.findFirstOrThrow({ where: { headSha } })).toMatchObject({
      status: "completed",
      conclusion: "failure",
      githubCheckRunId: BigInt(run.id),
    });

    // One annotation per head finding on the changed files, at its path and line.
    const { body: scan } = await getJson<{ findings: Finding[] }>(harness.baseUrl, `/api/v1/scans/${headScan.id}`);
    const expected = scan.findings.filter((finding) => changed.includes(finding.file));
    expect(expected.map((finding) => finding.ruleId)).toContain("SD013");
    const annotated = run.annotations.map((annotation) => `${annotation.path}:${annotation.start_line}`).sort();
    expect(annotated).toEqual(expected.map((finding) => `${finding.file}:${finding.line}`).sort());
  });
});
