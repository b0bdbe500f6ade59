import path from "node:path";
import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

const monorepoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** On every response: pages, the API, badges, Next's own files. */
const standardSecurityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  // Powerful features no Lastcall page uses, off for it and anything it might embed.
  {
    key: "Permissions-Policy",
    value: "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()",
  },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

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
  // Security headers of every response; pages also get a per-request nonce policy from proxy.ts
  // (src/server/security/security-headers.ts). Badges keep the policy their route sets.
  headers: async () => [
    { source: "/:path*", headers: standardSecurityHeaders },
    // The server speaks plain http; behind TLS, the proxy in front says so. Two years, subdomains of this host included.
    {
      source: "/:path*",
      has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
      headers: [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }],
    },
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
