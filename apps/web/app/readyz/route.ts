import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), CHECK_TIMEOUT_MS).unref()),
  ]);
}

/** Readiness: PostgreSQL and Redis answer (single-node mode: the embedded database), and the process is not shutting down. */
export async function GET(): Promise<Response> {
  const runtime = getRuntime();
  const headers = { "cache-control": "no-store" };
  if (runtime.shutdown.signal.aborted) return Response.json({ status: "shutting_down" }, { status: 503, headers });
  const [database, redis] = await Promise.allSettled([
    withTimeout(runtime.db.$queryRaw`SELECT 1`),
    runtime.redis === undefined ? Promise.resolve() : withTimeout(runtime.redis.ping()),
  ]);
  const checks = {
    database: database.status === "fulfilled" ? "ok" : "unreachable",
    // Single-node mode has no Redis: saying "ok" would claim a check that was never made.
    redis: runtime.redis === undefined ? "not_used" : redis.status === "fulfilled" ? "ok" : "unreachable",
  };
  const ready = database.status === "fulfilled" && redis.status === "fulfilled";
  return Response.json({ status: ready ? "ready" : "unavailable", checks }, { status: ready ? 200 : 503, headers });
}
