import path from "node:path";
import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

const monorepoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), "../..");

const nextConfig: NextConfig = {
  // Workspace packages are built to plain ESM and loaded by Node at run time, like any dependency:
  // bundling them would duplicate Prisma's client, BullMQ and ts-morph into every route.
  serverExternalPackages: [
    "@lastcall/analyzer",
    "@lastcall/db",
    "@lastcall/git-fetch",
    "@lastcall/jobs",
    "@lastcall/worker",
    "badge-maker",
    "bullmq",
    "ioredis",
    "pg",
    "pino",
    "ts-morph",
  ],
  outputFileTracingRoot: monorepoRoot,
  poweredByHeader: false,
  // The security headers of every response are set by server.ts before Next answers
  // (src/server/security/standard-headers.ts); pages also get a per-request nonce policy from proxy.ts.
  headers: async () => [
    // JSON and event streams are never documents to render: nothing may load, and nothing may frame them.
    { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
  ],
  // The server modules are shared with the custom server, which Node runs as compiled ESM, so
  // they import each other as `./x.js` (NodeNext). Webpack maps that to the `.ts` source;
  // Turbopack cannot yet, which is why the build uses `--webpack`.
  // Workspace packages resolve to their real path under packages/, which Next does not treat as
  // a dependency, so they are made external here; Node (≥ 20.19) requires their ESM builds.
  webpack: (config, { isServer }) => {
    config.resolve.extensionAlias = { ".js": [".ts", ".tsx", ".js"] };
    if (isServer) {
      config.externals = [
        ...(Array.isArray(config.externals) ? config.externals : [config.externals]),
        ({ request }: { request?: string }, callback: (error?: Error, result?: string) => void) =>
          request?.startsWith("@lastcall/") ? callback(undefined, `commonjs ${request}`) : callback(),
      ];
    }
    return config;
  },
};

export default nextConfig;
