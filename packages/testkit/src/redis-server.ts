import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";

export interface RedisServerOptions {
  /** Keep data across restarts (an append-only file, synced on every write), as a production Redis for BullMQ should. */
  appendOnly?: boolean;
}

export interface RedisServer {
  /** `redis://127.0.0.1:PORT`; the port stays the same across restarts. */
  readonly url: string;
  /** Stops the server: SIGTERM shuts it down cleanly, SIGKILL is a crash. */
  stop(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
  /** Starts it again on the same port (with its data, when append-only). */
  start(): Promise<void>;
  /** Stops it and removes its data. Idempotent. */
  close(): Promise<void>;
}

/**
 * Whether the server answers PING with PONG. Accepting connections is not enough: while it reads its
 * append-only file after a restart, Redis answers every command with `-LOADING`.
 */
function ready(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    let reply = "";
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.setEncoding("utf8").on("data", (chunk: string) => {
      reply += chunk;
      if (!reply.includes("\r\n")) return;
      socket.destroy();
      resolve(reply.startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * A redis-server of a test's own, for fault tests: the Redis shared with other tests must never be
 * stopped, but this one can be, as often as a test likes.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "lastcall-redis-"));
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--dir", dir, "--daemonize", "no"];
  args.push(...(options.appendOnly ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"]));
  let child: ChildProcess | undefined;

  const start = async () => {
    const server = spawn("redis-server", args, { stdio: "ignore" });
    child = server;
    const deadline = Date.now() + 10_000;
    while (!(await ready(port))) {
      if (server.exitCode !== null) throw new Error(`redis-server exited with ${server.exitCode}`);
      if (Date.now() > deadline) throw new Error("redis-server did not start");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const stop = async (signal: "SIGTERM" | "SIGKILL" = "SIGTERM") => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, "exit");
    running.kill(signal);
    await exited;
  };

  await start();
  let closing: Promise<void> | undefined;
  return {
    url: `redis://127.0.0.1:${port}`,
    stop,
    start,
    close() {
      closing ??= (async () => {
        await stop("SIGKILL");
        await rm(dir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}
