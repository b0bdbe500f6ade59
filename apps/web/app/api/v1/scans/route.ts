import type { ScanStatus } from "@lastcall/db";
import { ApiError } from "@/server/api/api-error";
import { apiRoute } from "@/server/api/api-route";
import { readJsonBody } from "@/server/api/read-json-body";
import { apiScanStatus } from "@/server/api/scan-resource";
import { submissionSchema, submitRepositoryScan } from "@/server/api/submit-repository-scan";

export const dynamic = "force-dynamic";

/** Submit a repository: 202 with a new scan, 200 with the existing scan of the same commit and rule set. */
export const POST = apiRoute("submissions", async (request: Request, _context: unknown, runtime) => {
  const body = submissionSchema.safeParse(await readJsonBody(request));
  if (!body.success) {
    const issue = body.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    throw new ApiError(400, "invalid_body", `${where}${issue?.message ?? "invalid body"}`);
  }
  const submitted = await submitRepositoryScan(runtime, body.data);
  return Response.json(
    {
      id: submitted.scanId,
      status: apiScanStatus(submitted.status as ScanStatus),
      url: `/scans/${submitted.scanId}`,
      created: submitted.created,
    },
    { status: submitted.created ? 202 : 200, headers: { location: `/api/v1/scans/${submitted.scanId}`, "cache-control": "no-store" } },
  );
});
