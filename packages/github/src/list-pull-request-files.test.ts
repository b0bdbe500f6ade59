import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changedLinesFromPatches } from "./changed-lines.js";
import { installationOctokit } from "./github-app.js";
import { listPullRequestFiles } from "./list-pull-request-files.js";
import { type FakeApp, INSTALLATION_ID, startFakeApp } from "./test-support/fake-app.js";

describe("listPullRequestFiles", () => {
  let fake: FakeApp;
  beforeAll(async () => {
    fake = await startFakeApp();
  });
  afterAll(() => fake.github.close());

  it("follows pagination and keeps what changedLinesFromPatches reads", async () => {
    const files = Array.from({ length: 230 }, (_, index) => ({
      filename: `src/f${index}.ts`,
      status: "modified",
      patch: "@@ -1,1 +1,2 @@\n a\n+b",
    }));
    files.push({ filename: "src/new.ts", status: "added", patch: "@@ -0,0 +1 @@\n+x" });
    fake.github.setPullRequestFiles("acme", "server", 12, [...files, { filename: "logo.png", status: "added" } as (typeof files)[number]]);

    const octokit = await installationOctokit(fake.app, INSTALLATION_ID);
    const listed = await listPullRequestFiles(octokit, { owner: "acme", repo: "server", pullNumber: 12 });

    expect(listed).toHaveLength(232);
    expect(listed[0]).toEqual({ filename: "src/f0.ts", status: "modified", patch: "@@ -1,1 +1,2 @@\n a\n+b" });
    expect(listed.at(-1)).toEqual({ filename: "logo.png", status: "added" });
    const pages = fake.github.requests.filter((request) => request.path === "/repos/acme/server/pulls/12/files");
    expect(pages.map((request) => request.query.page ?? "1")).toEqual(["1", "2", "3"]);
    expect(changedLinesFromPatches(listed).get("src/f229.ts")).toEqual(new Set([2]));
  });
});
