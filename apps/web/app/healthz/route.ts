export const dynamic = "force-dynamic";

/** Liveness: the process is up and serving. Says nothing about dependencies (see /readyz). */
export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
