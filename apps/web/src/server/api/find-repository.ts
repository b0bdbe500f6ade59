import { findRepository, type Repository } from "@lastcall/db";
import type { WebRuntime } from "../runtime.js";
import { notFound } from "./api-error.js";
import { repositoryName } from "./repository-name.js";

/** The public repository `owner/repo` on the configured GitHub server, or 404 `not_found` (private ones need sign-in, which the API has not). */
export async function findRepositoryOr404(runtime: WebRuntime, owner: string, repo: string): Promise<Repository> {
  const name = repositoryName(owner, repo, runtime.config.githubServer);
  const repository = name === undefined ? null : await findRepository(runtime.db, { host: runtime.config.githubServer.host, ...name });
  if (repository === null || repository.private) throw notFound("No such repository has been scanned");
  return repository;
}
