import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { ms } from "../format.js";
import type { BenchServices } from "../service/bench-services.js";
import { startWebServer } from "../service/web-server.js";
import { bucketProfile, type CallFrame, nowUs, packageOf } from "./cpu-profile.js";
import { profileTable } from "./profile-table.js";

const GC = "(garbage collector)";
const IDLE = "(idle)";

/** Who owns a frame's code: an npm package, a part of Node.js, or ours. */
function ownerOf(frame: CallFrame): string | undefined {
  const { url } = frame;
  if (url === "" || url.startsWith("wasm://")) return undefined;
  const npmPackage = packageOf(frame);
  if (npmPackage !== undefined) return `\`${npmPackage}\``;
  if (url.startsWith("node:internal/deps/undici")) return "Node.js: undici (`Request`, `Response`, `Headers`)";
  if (url.startsWith("node:internal/webstreams")) return "Node.js: web streams";
  if (/^node:(_http_|internal\/http)/.test(url)) return "Node.js: HTTP server (parsing, responses)";
  if (/^node:(net|internal\/net|internal\/stream_base_commons)/.test(url)) return "Node.js: sockets (reads, writes)";
  if (/^node:(async_hooks|internal\/async_hooks|internal\/process\/task_queues)/.test(url)) {
    return "Node.js: async hooks, promise and tick queues";
  }
  if (/^node:(stream|internal\/streams)/.test(url)) return "Node.js: streams";
  if (url.startsWith("node:")) return "Node.js: other core";
  if (url.includes("/apps/web/.next/server/")) return "web app code as Next.js bundled it (`.next/server`: routes, our server code)";
  const workspace = /\/(?:apps|packages)\/([^/]+)\//.exec(url)?.[1];
  return workspace === undefined ? url : `\`@lastcall/${workspace}\``;
}

/**
 * Bottom-up: the innermost frame whose code has an owner, so that native work (a socket write,
 * WebAssembly) counts for the JavaScript that asked for it.
 */
function selfOwner(stack: readonly CallFrame[]): string[] | undefined {
  const leaf = stack.at(-1);
  if (leaf?.functionName === IDLE) return undefined;
  if (leaf?.functionName === GC) return ["garbage collection"];
  for (let index = stack.length - 1; index >= 0; index--) {
    const found = ownerOf(stack[index] as CallFrame);
    if (found !== undefined) return [found];
  }
  return ["V8 and native code with no JavaScript caller"];
}

/** Top-down: the layers a request goes through, each with everything it calls (they overlap). */
const LAYERS: Array<[string, (frame: CallFrame) => boolean]> = [
  [
    "database: `@prisma/client`, `@prisma/adapter-pg`, `pg` and their socket I/O",
    (frame) => /^(@prisma\/|pg)/.test(packageOf(frame) ?? ""),
  ],
  ["Next.js proxy (`proxy.ts`, built as `.next/server/middleware.js`)", (frame) => frame.url.includes("/.next/server/middleware")],
  ["web `Request`/`Response` and streams (undici, web streams)", (frame) => /^node:internal\/(deps\/undici|webstreams)/.test(frame.url)],
  ["badge rendering (`badge-maker`)", (frame) => /^(badge-maker|css-color-converter)$/.test(packageOf(frame) ?? "")],
];

function layers(stack: readonly CallFrame[]): string[] | undefined {
  const leaf = stack.at(-1);
  if (leaf?.functionName === IDLE) return undefined;
  if (leaf?.functionName === GC) return ["garbage collection"];
  return LAYERS.filter(([, matches]) => stack.some(matches)).map(([name]) => name);
}

/**
 * A second web server on the same database, run with `--cpu-prof`, under the same load for
 * `durationS`; only the samples taken while the load ran are counted.
 */
export async function profileWebUnderLoad(services: BenchServices, path: string, connections: number, durationS: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "lastcall-bench-profile-"));
  try {
    const server = await startWebServer(services, ["--cpu-prof", `--cpu-prof-dir=${dir}`]);
    let window: { fromUs: number; toUs: number };
    try {
      await autocannon({ url: `${server.baseUrl}${path}`, connections, duration: 2 });
      const fromUs = nowUs();
      await autocannon({ url: `${server.baseUrl}${path}`, connections, duration: durationS });
      window = { fromUs, toUs: nowUs() };
    } finally {
      // The profile is written when the process exits.
      await server.process.stop();
    }
    const [file] = (await readdir(dir)).filter((name) => name.endsWith(".cpuprofile"));
    if (file === undefined) throw new Error("the web server wrote no CPU profile");
    const bottomUp = await bucketProfile(join(dir, file), selfOwner, window);
    const topDown = await bucketProfile(join(dir, file), layers, window);
    return [
      `CPU profile of the web server (a second one, started with \`--cpu-prof\`) while it served \`${path}\` for ${durationS} s at ` +
        `${connections} connections: ${ms(bottomUp.totalMs)} of busy CPU time in ${durationS} s (idle excluded). By layer, each with ` +
        "everything it calls (layers overlap, so shares do not add up):",
      profileTable(topDown.buckets, "layer", LAYERS.length + 1),
      "By who owns the code that ran (self time; for native work such as socket writes or WebAssembly, the JavaScript that called it):",
      profileTable(bottomUp.buckets, "code", 12),
    ].join("\n\n");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
