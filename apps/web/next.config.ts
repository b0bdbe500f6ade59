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
  // Every other response gets its security headers from proxy.ts, which skips Next's own build output.
  headers: async () => [{ source: "/_next/static/:path*", headers: [{ key: "X-Content-Type-Options", value: "nosniff" }] }],
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
