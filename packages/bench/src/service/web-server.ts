import { freePort } from "@lastcall/testkit";
import { paths } from "../paths.js";
import type { BenchServices } from "./bench-services.js";
import { type NodeProcess, startNodeProcess } from "./node-process.js";

export interface RunningWebServer {
  readonly baseUrl: string;
  readonly process: NodeProcess;
}

/** The web app with the database and queue it serves: what the scenarios that go through HTTP work against. */
export interface WebStack {
  services: BenchServices;
  server: RunningWebServer;
}

/** Rate limits out of the way: the benchmark is one client address sending far more than a person would. */
const UNLIMITED = "1000000";

/** The built web app (`apps/web/dist/server.js`) without its in-process worker: scans run in separate worker processes. */
export async function startWebServer(services: BenchServices, nodeArgs: string[] = []): Promise<RunningWebServer> {
  const port = await freePort();
  const server = startNodeProcess(paths.webServer, {
    nodeArgs,
    cwd: paths.webDir,
    env: {
      ...services.env,
      NEXT_TELEMETRY_DISABLED: "1",
      HOST: "127.0.0.1",
      PORT: String(port),
      LASTCALL_RATE_LIMIT_SUBMISSIONS_PER_MINUTE: UNLIMITED,
      LASTCALL_RATE_LIMIT_API_PER_MINUTE: UNLIMITED,
    },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`the web server exited with ${server.child.exitCode}:\n${server.output()}`);
    const healthy = await fetch(`${baseUrl}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return { baseUrl, process: server };
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`the web server did not become healthy:\n${server.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
