import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, spawnCaptured } from "@lastcall/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

let dataRoot: string;

beforeAll(async () => {
  dataRoot = await mkdtemp(join(tmpdir(), "lastcall-npm-start-test-"));
});

afterAll(async () => {
  await rm(dataRoot, { recursive: true, force: true });
});

describe("the README's first command (npm start)", () => {
  it("with no configuration, serves the site from an empty data directory, then shuts down cleanly", async () => {
    // `npm start` is "build what is missing, then run": the build half is Turborepo's (done before
    // the tests), the run half is taken from package.json so that this test follows it.
    const scripts = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")).scripts as Record<string, string>;
    const run = scripts.start?.split("&&").at(-1)?.trim().split(/\s+/) ?? [];
    expect(run[0]).toBe("node");
    const port = await freePort();
    const dataDir = join(dataRoot, ".lastcall");
    const env = {
      PATH: process.env.PATH ?? "",
      PORT: String(port),
      HOST: "127.0.0.1",
      LASTCALL_DATA_DIR: dataDir,
      NEXT_TELEMETRY_DISABLED: "1",
    };
    // No NODE_ENV: exactly what `npm start` gives the server.
    const { child, output } = spawnCaptured(run.slice(1), { cwd: ROOT, env });
    try {
      const deadline = Date.now() + 60_000;
      while (!output().includes("Lastcall is running at")) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`did not start:\n${output()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(output()).toContain(`Lastcall is running at http://localhost:${port}`);
      const home = await fetch(`http://127.0.0.1:${port}/`);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain("Lastcall");
      expect(existsSync(join(dataDir, "pgdata"))).toBe(true);
    } finally {
      child.kill("SIGTERM");
      const [code] = await once(child, "exit");
      expect(code).toBe(0);
    }
    // The embedded database was closed cleanly: its lock is gone.
    expect(existsSync(`${join(dataDir, "pgdata")}.lock`)).toBe(false);
  });
});
