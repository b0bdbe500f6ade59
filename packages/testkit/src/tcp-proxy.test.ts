import { once } from "node:events";
import { createConnection, createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.js";

let echo: Server;
let proxy: TcpProxy;

beforeAll(async () => {
  echo = createServer((socket) => {
    // The proxy resets its side when paused; that is expected here.
    socket.on("error", () => undefined);
    socket.pipe(socket);
  });
  echo.listen(0, "127.0.0.1");
  await once(echo, "listening");
  const address = echo.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  proxy = await startTcpProxy(`127.0.0.1:${address.port}`);
});

afterAll(async () => {
  await proxy?.close();
  echo?.close();
});

/** Sends `text` through the proxy; resolves with the echo, or with the error that ended the connection. */
function roundTrip(text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port: proxy.port });
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(`error ${error.code}`));
    socket.once("data", (chunk) => {
      resolve(chunk.toString());
      socket.end();
    });
    socket.write(text);
  });
}

describe("startTcpProxy", () => {
  it("passes connections through to the target", async () => {
    expect(proxy.host).toBe(`127.0.0.1:${proxy.port}`);
    expect(await roundTrip("hello")).toBe("hello");
  });

  it("pause() resets open connections and refuses new ones; resume() serves again", async () => {
    const open = createConnection({ host: "127.0.0.1", port: proxy.port });
    await once(open, "connect");
    const ended = new Promise<string>((resolve) => {
      open.on("error", (error: NodeJS.ErrnoException) => resolve(String(error.code)));
      open.once("close", () => resolve("closed"));
    });
    // Let the proxy accept the connection before it is cut.
    open.write("x");
    await once(open, "data");
    proxy.pause();
    expect(await ended).toBe("ECONNRESET");
    expect(await roundTrip("while paused")).toMatch(/^error (ECONNRESET|EPIPE)$/);

    proxy.resume();
    expect(await roundTrip("back")).toBe("back");
    expect(proxy.connections).toBeGreaterThanOrEqual(4);
  });
});
