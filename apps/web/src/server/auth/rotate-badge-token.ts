import { setRepositoryBadgeToken } from "@lastcall/db";
import { siteOrigin } from "../../view/site-origin.js";
import { ApiError } from "../api/api-error.js";
import { findRepositoryOr404 } from "../api/find-repository.js";
import type { WebRuntime } from "../runtime.js";
import { newBadgeToken } from "./badge-token.js";
import { requireSameOrigin } from "./sign-in.js";
import { viewerOfRequest } from "./viewer.js";

/**
 * `POST /r/<owner>/<repo>/badge-token`: a new badge token for a private repository; badge URLs with the
 * previous one show the grey badge from now on. Only an admin of the repository on GitHub may, asked
 * again now rather than trusted from a few minutes ago. People who cannot read it get the 404 of a
 * repository that does not exist.
 */
export async function rotateBadgeToken(runtime: WebRuntime, request: Request, owner: string, repo: string): Promise<Response> {
  requireSameOrigin(runtime, request);
  const viewer = await viewerOfRequest(runtime, request);
  const repository = await findRepositoryOr404(runtime, owner, repo, viewer);
  if (!repository.private) throw new ApiError(409, "not_private", "Public repositories' badges need no token");
  if (!(await viewer.isAdmin(repository, { fresh: true }))) {
    throw new ApiError(403, "forbidden", "Only an admin of the repository on GitHub can rotate its badge token");
  }
  await setRepositoryBadgeToken(runtime.db, repository.id, newBadgeToken());
  runtime.repositoryChanged(repository);
  runtime.logger.info({ user: viewer.user?.login, repository: `${repository.owner}/${repository.name}` }, "badge token rotated");
  const page = `/r/${encodeURIComponent(repository.owner)}/${encodeURIComponent(repository.name)}`;
  return new Response(null, {
    status: 303,
    headers: { location: `${siteOrigin(runtime.config.publicUrl, request.headers)}${page}#badge`, "cache-control": "no-store" },
  });
}
