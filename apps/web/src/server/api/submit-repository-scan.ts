import { upsertRepository } from "@lastcall/db";
import { FetchError, parseGithubUrl, type ResolvedRef, refNameProblem, resolveRef } from "@lastcall/git-fetch";
import { type ScanRequest, type SubmittedScan, submitScan, TooManyQueuedScansError } from "@lastcall/jobs";
import { z } from "zod";
import type { WebRuntime } from "../runtime.js";
import { ApiError } from "./api-error.js";
import { resolveShared } from "./shared-ref-resolution.js";

/** `POST /api/v1/scans`: a repository URL as people paste it, and optionally a ref that overrides the URL's. */
export const submissionSchema = z.strictObject({
  url: z.string().min(1),
  ref: z.string().min(1).optional(),
});

export type Submission = z.infer<typeof submissionSchema>;

/**
 * Resolves the ref now (`git ls-remote`, bounded by LASTCALL_RESOLVE_TIMEOUT_MS, shared by identical
 * submissions meanwhile) so that a commit scanned already is answered at once, and a missing
 * repository or ref is an error the submitter sees right away. When resolving cannot finish (git or
 * the network failing, the time limit, shutdown), `undefined`: the worker resolves the ref instead,
 * with retries. A client that leaves does not stop a resolution others may be waiting for.
 */
async function resolveSubmittedRef(runtime: WebRuntime, cloneUrl: string, ref: string | undefined): Promise<ResolvedRef | undefined> {
  const { config, logger, shutdown } = runtime;
  try {
    return await resolveShared(cloneUrl, ref, () =>
      resolveRef(cloneUrl, ref, {
        server: config.githubServer,
        gitEnv: config.gitEnv,
        timeoutMs: config.resolveTimeoutMs,
        signal: shutdown.signal,
      }),
    );
  } catch (error) {
    if (error instanceof FetchError && (error.code === "repo_not_found" || error.code === "ref_not_found")) {
      throw new ApiError(422, error.code, error.message);
    }
    const unfinished = shutdown.signal.aborted || (error instanceof FetchError && (!error.permanent || error.code === "fetch_timeout"));
    if (!unfinished) throw error;
    logger.warn({ err: error, cloneUrl }, "could not resolve a submitted ref; the worker will");
    return undefined;
  }
}

/** Asks for the scan within the repository's backlog cap: beyond it, 429 `too_many_queued_scans`. */
async function submitCapped(runtime: WebRuntime, request: ScanRequest): Promise<SubmittedScan> {
  try {
    return await submitScan(runtime.db, runtime.queue, request, { maxUnfinishedPerRepository: runtime.config.maxQueuedScansPerRepository });
  } catch (error) {
    if (error instanceof TooManyQueuedScansError) throw new ApiError(429, "too_many_queued_scans", error.message);
    throw error;
  }
}

/**
 * Validates a submission and asks for its scan: 400 `invalid_url` / `invalid_ref` with the parser's
 * reason, 422 `repo_not_found` / `ref_not_found`, 429 `too_many_queued_scans`. A
 * `/tree/<ref>/<subdir>` URL is accepted, but the whole repository is scanned: the report's units
 * show each package.
 */
export async function submitRepositoryScan(runtime: WebRuntime, submission: Submission): Promise<SubmittedScan> {
  const { config, db } = runtime;
  const parsed = parseGithubUrl(submission.url, config.githubServer);
  if (!parsed.ok) throw new ApiError(400, "invalid_url", parsed.reason);
  const refProblem = submission.ref === undefined ? undefined : refNameProblem(submission.ref);
  if (refProblem !== undefined) throw new ApiError(400, "invalid_ref", refProblem);

  const ref = submission.ref ?? parsed.repo.ref;
  const repository = { host: config.githubServer.host, owner: parsed.repo.owner, name: parsed.repo.repo };
  const resolved = await resolveSubmittedRef(runtime, parsed.repo.cloneUrl, ref);
  if (resolved === undefined) return submitCapped(runtime, { ...repository, trigger: "url", ref });

  if (resolved.defaultBranch !== undefined) await upsertRepository(db, { ...repository, defaultBranch: resolved.defaultBranch });
  // What the scan shows as its ref: the branch or tag asked for, the default branch's name when none
  // was, and nothing for a bare commit.
  const shownRef = ref === undefined ? resolved.defaultBranch : resolved.refName === resolved.commit ? undefined : ref;
  return submitCapped(runtime, {
    ...repository,
    trigger: "url",
    commitSha: resolved.commit,
    ref: shownRef,
    isDefaultBranch: resolved.isDefaultBranch,
  });
}
