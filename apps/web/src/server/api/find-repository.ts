import { findRepository, type Repository } from "@lastcall/db";
import type { Viewer } from "../auth/viewer.js";
import type { WebRuntime } from "../runtime.js";
import { notFound } from "./api-error.js";
import { repositoryName } from "./repository-name.js";

/**
 * The repository `owner/repo` on the configured GitHub server when the viewer may read it, or 404
 * `not_found`: a private repository the viewer cannot read answers exactly as one never scanned.
 */
export async function findRepositoryOr404(runtime: WebRuntime, owner: string, repo: string, viewer: Viewer): Promise<Repository> {
  const name = repositoryName(owner, repo, runtime.config.githubServer);
  const repository = name === undefined ? null : await findRepository(runtime.db, { host: runtime.config.githubServer.host, ...name });
  if (repository === null || !(await viewer.canRead(repository))) throw notFound("No such repository has been scanned");
  return repository;
}
