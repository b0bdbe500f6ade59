import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnCaptured } from "@lastcall/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const SERVER = fileURLToPath(new URL("../dist/server.js", import.meta.url));

let dataRoot: string;
let occupant: Server;

beforeAll(async () => {
  dataRoot = await mkdtemp(join(tmpdir(), "lastcall-start-failure-test-"));
  occupant = createServer().listen(0, "127.0.0.1");
  await once(occupant, "listening");
});

afterAll(async () => {
  occupant?.close();
  await rm(dataRoot, { recursive: true, force: true });
});

describe("a web server that cannot start", () => {
  it("exits 1 saying why, with its embedded database closed, instead of staying up and useless", async () => {
    const address = occupant.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    const dataDir = join(dataRoot, "data");
    const { child, output } = spawnCaptured([SERVER], {
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        PORT: String(address.port),
        HOST: "127.0.0.1",
        LASTCALL_DATA_DIR: dataDir,
      },
    });
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    expect(output()).toContain(`listening on 127.0.0.1:${address.port} failed`);
    expect(output()).toContain("EADDRINUSE");
    expect(existsSync(join(dataDir, "pgdata"))).toBe(true);
    expect(existsSync(`${join(dataDir, "pgdata")}.lock`)).toBe(false);
  });
});
