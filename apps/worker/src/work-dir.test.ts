import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prepareWorkDir } from "./work-dir.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "lastcall-work-dir-test-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await once(child, "exit");
  return child.pid ?? 0;
}

describe("prepareWorkDir", () => {
  it("creates this process's own empty directory", async () => {
    await mkdir(join(root, `lastcall-worker-${process.pid}`, "stale-checkout"), { recursive: true });
    const { dir } = await prepareWorkDir(root);
    expect(dir).toBe(join(root, `lastcall-worker-${process.pid}`));
    expect(await readdir(dir)).toEqual([]);
  });

  it("removes the directories of dead workers and leaves live ones and strangers alone", async () => {
    const dead = await deadPid();
    await mkdir(join(root, `lastcall-worker-${dead}`, "checkout"), { recursive: true });
    await mkdir(join(root, `lastcall-worker-${process.ppid}`));
    await mkdir(join(root, "someone-else"));
    const { removedOrphans } = await prepareWorkDir(root);
    expect(removedOrphans).toEqual([`lastcall-worker-${dead}`]);
    expect(existsSync(join(root, `lastcall-worker-${process.ppid}`))).toBe(true);
    expect(existsSync(join(root, "someone-else"))).toBe(true);
  });
});
