import { getScan } from "@lastcall/db";
import { apiRoute } from "@/server/api/api-route";
import { loadScan } from "@/server/api/load-scan";
import { scanResource } from "@/server/api/scan-resource";
import { viewerOfRequest } from "@/server/auth/viewer";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** A scan's state, and once done its score, grade, categories, rules and findings. */
export const GET = apiRoute("reads", async (request: Request, { params }: Context, runtime) => {
  const { id } = await params;
  const scan = await loadScan(id, (scanId) => getScan(runtime.db, scanId), await viewerOfRequest(runtime, request));
  return Response.json(scanResource(scan, id.toLowerCase(), runtime.config.githubServer), { headers: { "cache-control": "no-store" } });
});
