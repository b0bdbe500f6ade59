import { getScanWithoutReport } from "@lastcall/db";
import { apiRoute } from "@/server/api/api-route";
import { loadScan } from "@/server/api/load-scan";
import { SSE_HEADERS, scanEventStream } from "@/server/api/scan-event-stream";
import { scanProgressResource } from "@/server/api/scan-resource";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Live progress as server-sent events, ending after `done` or `failed`, or when the server shuts down. */
export const GET = apiRoute("reads", async (request: Request, { params }: Context, runtime) => {
  const { id } = await params;
  const requestedId = id.toLowerCase();
  const readScan = () => loadScan(requestedId, (scanId) => getScanWithoutReport(runtime.db, scanId));
  // An unknown scan is a 404 like everywhere else, not an empty stream.
  await readScan();
  const stream = scanEventStream({
    read: async () => scanProgressResource(await readScan(), requestedId, runtime.config.githubServer),
    signal: AbortSignal.any([request.signal, runtime.shutdown.signal]),
    onError: (error) => runtime.logger.error({ err: error, scanId: requestedId }, "scan event stream failed"),
  });
  return new Response(stream, { headers: SSE_HEADERS });
});
