import { findLatestDefaultBranchScan } from "@lastcall/db";
import { apiRoute } from "@/server/api/api-route";
import { findRepositoryOr404 } from "@/server/api/find-repository";
import { repositoryResource, scanResource } from "@/server/api/scan-resource";
import { viewerOfRequest } from "@/server/auth/viewer";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ owner: string; repo: string }> };

/** A repository, its latest completed default-branch scan (null before the first), and where its history and badges are. */
export const GET = apiRoute("reads", async (request: Request, { params }: Context, runtime) => {
  const { owner, repo } = await params;
  const repository = await findRepositoryOr404(runtime, owner, repo, await viewerOfRequest(runtime, request));
  const scan = await findLatestDefaultBranchScan(runtime.db, repository.id);
  const path = `${repository.owner}/${repository.name}`;
  return Response.json(
    {
      repository: { ...repositoryResource(repository, runtime.config.githubServer), defaultBranch: repository.defaultBranch },
      latestScan: scan === null ? null : scanResource({ ...scan, repository }, scan.id, runtime.config.githubServer),
      historyUrl: `/api/v1/repos/${path}/history`,
      badge: { svg: `/badge/${path}.svg`, json: `/badge/${path}.json` },
    },
    { headers: { "cache-control": "no-store" } },
  );
});
