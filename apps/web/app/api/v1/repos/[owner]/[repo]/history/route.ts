import { listRepositoryHistory } from "@lastcall/db";
import { z } from "zod";
import { ApiError } from "@/server/api/api-error";
import { apiRoute } from "@/server/api/api-route";
import { findRepositoryOr404 } from "@/server/api/find-repository";
import { repositoryResource } from "@/server/api/scan-resource";
import { viewerOfRequest } from "@/server/auth/viewer";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ owner: string; repo: string }> };

const limitSchema = z.coerce.number().int().min(1).max(1000).default(100);

/** The score history: the latest `limit` (default 100) completed default-branch scans, one per commit, oldest first. */
export const GET = apiRoute("reads", async (request: Request, { params }: Context, runtime) => {
  const { owner, repo } = await params;
  const limit = limitSchema.safeParse(new URL(request.url).searchParams.get("limit") ?? undefined);
  if (!limit.success) throw new ApiError(400, "invalid_query", "limit must be an integer from 1 to 1000");
  const repository = await findRepositoryOr404(runtime, owner, repo, await viewerOfRequest(runtime, request));
  const history = await listRepositoryHistory(runtime.db, repository.id, { limit: limit.data });
  return Response.json(
    {
      repository: repositoryResource(repository, runtime.config.githubServer),
      points: history.map((point) => ({
        scanId: point.id,
        commit: point.commitSha,
        score: point.score,
        grade: point.grade,
        rulesetVersion: point.rulesetVersion,
        finishedAt: point.finishedAt?.toISOString() ?? null,
      })),
    },
    { headers: { "cache-control": "no-store" } },
  );
});
