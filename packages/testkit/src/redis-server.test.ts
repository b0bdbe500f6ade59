import { createConnection } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "./redis-server.js";

const servers: RedisServer[] = [];
afterAll(() => Promise.all(servers.map((server) => server.close())));

async function started(appendOnly: boolean): Promise<RedisServer> {
  const server = await startRedisServer({ appendOnly });
  servers.push(server);
  return server;
}

/** One inline Redis command; resolves with the first line of the reply (`+OK`, `$3`, `$-1`, …). */
function command(url: string, line: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: hostname, port: Number(port) });
    socket.once("error", reject);
    socket.once("data", (reply) => {
      resolve(reply.toString().split("\r\n")[0] ?? "");
      socket.end();
    });
    socket.write(`${line}\r\n`);
  });
}

describe("startRedisServer", () => {
  it("restarts on the same port, keeping its data when append-only, even after a crash", async () => {
    const server = await started(true);
    expect(await command(server.url, "SET kept yes")).toBe("+OK");
    await server.stop("SIGKILL");
    await server.start();
    expect(await command(server.url, "GET kept")).toBe("$3");
  });

  it("restarts empty without persistence", async () => {
    const server = await started(false);
    expect(await command(server.url, "SET lost yes")).toBe("+OK");
    await server.stop();
    await server.start();
    expect(await command(server.url, "GET lost")).toBe("$-1");
  });
});
