import { getScan } from "@lastcall/db";
import { apiRoute } from "@/server/api/api-route";
import { loadScan } from "@/server/api/load-scan";
import { sarifResponse } from "@/server/api/scan-sarif";
import { viewerOfRequest } from "@/server/auth/viewer";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** The done scan's report as a SARIF 2.1.0 file (for GitHub code scanning and other SARIF viewers). */
export const GET = apiRoute("reads", async (request: Request, { params }: Context, runtime) => {
  const { id } = await params;
  return sarifResponse(await loadScan(id, (scanId) => getScan(runtime.db, scanId), await viewerOfRequest(runtime, request)));
});
