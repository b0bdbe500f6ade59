import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), CHECK_TIMEOUT_MS).unref()),
  ]);
}

/** Readiness: PostgreSQL and Redis answer, and the process is not shutting down. */
export async function GET(): Promise<Response> {
  const runtime = getRuntime();
  const headers = { "cache-control": "no-store" };
  if (runtime.shutdown.signal.aborted) return Response.json({ status: "shutting_down" }, { status: 503, headers });
  // Single-node mode has no Redis to ask.
  const [database, redis] = await Promise.allSettled([
    withTimeout(runtime.db.$queryRaw`SELECT 1`),
    runtime.redis === undefined ? Promise.resolve("none") : withTimeout(runtime.redis.ping()),
  ]);
  const checks = {
    database: database.status === "fulfilled" ? "ok" : "unreachable",
    redis: redis.status === "fulfilled" ? "ok" : "unreachable",
  };
  const ready = database.status === "fulfilled" && redis.status === "fulfilled";
  return Response.json({ status: ready ? "ready" : "unavailable", checks }, { status: ready ? 200 : 503, headers });
}
