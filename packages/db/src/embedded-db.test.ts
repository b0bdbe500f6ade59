import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EmbeddedDatabaseBusyError, openEmbeddedDatabase } from "./embedded-db.js";
import { upsertRepository } from "./repositories.js";
import { requestScan } from "./scans.js";
import { scanRequest } from "./test-support/scan-fixtures.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "lastcall-embedded-test-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("openEmbeddedDatabase", () => {
  it("migrates once, serves the data-access functions and keeps data across restarts", async () => {
    const dataDir = join(root, "pgdata");
    const first = await openEmbeddedDatabase(dataDir);
    expect(first.applied.length).toBeGreaterThan(0);
    const repository = await upsertRepository(first.db, { host: "github.com", owner: "acme", name: "server" });
    const requests = Array.from({ length: 5 }, () => requestScan(first.db, scanRequest(repository.id, { commitSha: "a".repeat(40) })));
    const results = await Promise.all(requests);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    await first.close();

    const again = await openEmbeddedDatabase(dataDir);
    expect(again.applied).toEqual([]);
    expect(await again.db.scan.count()).toBe(1);
    await again.close();
  });

  it("refuses a second opener while the first holds the directory", async () => {
    const dataDir = join(root, "pgdata");
    const first = await openEmbeddedDatabase(dataDir);
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    // Another live process holds it: its pid in the lock file.
    await writeFile(`${dataDir}.lock`, String(holder.pid));
    await expect(openEmbeddedDatabase(dataDir)).rejects.toBeInstanceOf(EmbeddedDatabaseBusyError);
    holder.kill("SIGKILL");
    await once(holder, "exit");
    await first.close();
  });

  it("opens cleanly after the process using it was killed with SIGKILL", async () => {
    const dataDir = join(root, "pgdata");
    const script = `
      import { openEmbeddedDatabase } from ${JSON.stringify(fileURLToPath(new URL("./embedded-db.ts", import.meta.url)))};
      const { db } = await openEmbeddedDatabase(${JSON.stringify(dataDir)});
      await db.repository.create({ data: { host: "github.com", owner: "acme", name: "killed", ownerKey: "acme", nameKey: "killed" } });
      process.send("written");
      setInterval(() => db.repository.count(), 5);
    `;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    await once(child, "message");
    child.kill("SIGKILL");
    await once(child, "exit");

    const reopened = await openEmbeddedDatabase(dataDir);
    expect(await reopened.db.repository.findMany({ select: { name: true } })).toEqual([{ name: "killed" }]);
    await reopened.close();
  });
});
