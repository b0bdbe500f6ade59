import { once } from "node:events";
import { createConnection, createServer, type Socket } from "node:net";

export interface TcpProxy {
  /** `127.0.0.1:PORT`: point a client here instead of at the target. */
  readonly host: string;
  readonly port: number;
  /**
   * Cuts the service off, as a crash or a network partition would: open connections are reset and
   * new ones are accepted and reset at once (the port stays ours, so nothing else can take it).
   */
  pause(): void;
  /** Serves again: new connections are passed through to the target. */
  resume(): void;
  /** Connections accepted so far, passed through or reset. */
  readonly connections: number;
  /** Resets every connection and stops listening. Idempotent. */
  close(): Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1 in front of `target` (`host:port`), for fault tests: PostgreSQL or Redis
 * shared with other tests must never be stopped, but the path to them can be cut and restored.
 */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const separator = target.lastIndexOf(":");
  const targetHost = target.slice(0, separator).replace(/^\[(.*)\]$/, "$1");
  const targetPort = Number(target.slice(separator + 1));
  const open = new Set<Socket>();
  let paused = false;
  let connections = 0;

  const track = (socket: Socket) => {
    open.add(socket);
    socket.once("close", () => open.delete(socket));
    // A reset peer is what this proxy is for; its error needs no handling beyond the close.
    socket.on("error", () => undefined);
  };

  const server = createServer((client) => {
    connections += 1;
    track(client);
    if (paused) {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection({ host: targetHost, port: targetPort });
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.once("close", () => upstream.resetAndDestroy());
    upstream.once("close", () => client.resetAndDestroy());
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the proxy has no port");

  const resetAll = () => {
    for (const socket of open) socket.resetAndDestroy();
  };
  let closing: Promise<void> | undefined;
  return {
    host: `127.0.0.1:${address.port}`,
    port: address.port,
    get connections() {
      return connections;
    },
    pause() {
      paused = true;
      resetAll();
    },
    resume() {
      paused = false;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        paused = true;
        resetAll();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
