import { getScanWithoutReport } from "@lastcall/db";
import { apiRoute } from "@/server/api/api-route";
import { loadScan } from "@/server/api/load-scan";
import { SSE_HEADERS, scanEventStream } from "@/server/api/scan-event-stream";
import { scanProgressResource } from "@/server/api/scan-resource";
import { viewerOfRequest } from "@/server/auth/viewer";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Live progress as server-sent events, ending after `done` or `failed`, or when the server shuts down. */
export const GET = apiRoute("reads", async (request: Request, { params }: Context, runtime) => {
  const { id } = await params;
  const requestedId = id.toLowerCase();
  // The viewer remembers GitHub's answer, so polling does not ask about access again.
  const viewer = await viewerOfRequest(runtime, request);
  const readScan = () => loadScan(requestedId, (scanId) => getScanWithoutReport(runtime.db, scanId), viewer);
  // An unknown scan is a 404 like everywhere else, not an empty stream.
  await readScan();
  const stream = scanEventStream({
    read: async () => scanProgressResource(await readScan(), requestedId, runtime.config.githubServer),
    signal: AbortSignal.any([request.signal, runtime.shutdown.signal]),
    onError: (error) => runtime.logger.error({ err: error, scanId: requestedId }, "scan event stream failed"),
  });
  return new Response(stream, { headers: SSE_HEADERS });
});
