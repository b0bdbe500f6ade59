import { z } from "zod";
import { ApiError } from "../api/api-error.js";

/**
 * The fields of GitHub's webhook payloads that Lastcall reads (shapes as in @octokit/webhooks-examples).
 * Everything else in a payload is ignored, so GitHub adding fields never breaks the receiver.
 */

const githubId = z.number().int().positive();
const commitSha = z.string().regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/, "must be a commit sha");

/** What is recorded for every delivery, whatever its event: both fields are absent from some events. */
export const webhookEnvelopeSchema = z.object({
  action: z.string().optional().catch(undefined),
  installation: z.object({ id: githubId }).optional().catch(undefined),
});

const installationRef = z.object({ id: githubId });

/** A repository in full, as push, pull_request and check events carry it. */
const webhookRepositorySchema = z.object({
  id: githubId,
  name: z.string().min(1),
  owner: z.object({ login: z.string().min(1) }),
  private: z.boolean(),
  default_branch: z.string().min(1),
});

export type WebhookRepository = z.infer<typeof webhookRepositorySchema>;

/** A repository as installation events list it: no owner object, the owner is in `full_name`. */
const installationRepository = z.object({
  id: githubId,
  full_name: z.string().regex(/^[^/]+\/[^/]+$/, "must be owner/name"),
  private: z.boolean(),
});

export type InstallationRepository = z.infer<typeof installationRepository>;

export const installationEventSchema = z.object({
  installation: z.object({
    id: githubId,
    account: z.object({ login: z.string().min(1), type: z.string().min(1) }),
    suspended_at: z.iso.datetime({ offset: true }).nullish(),
  }),
  repositories: z.array(installationRepository).optional(),
});

export const installationRepositoriesEventSchema = z.object({
  installation: installationRef,
  repositories_added: z.array(installationRepository),
  repositories_removed: z.array(installationRepository),
});

export const pushEventSchema = z.object({
  ref: z.string(),
  after: commitSha,
  deleted: z.boolean().optional(),
  repository: webhookRepositorySchema,
  installation: installationRef,
});

const commitRef = z.object({ ref: z.string().min(1), sha: commitSha });

/** A pull request as check events list it, or the parts of a pull_request event's that a check needs. */
const pullRequestRefs = z.object({ number: z.number().int().positive(), head: commitRef, base: commitRef });

export type PullRequestRefs = z.infer<typeof pullRequestRefs>;

export const pullRequestEventSchema = z.object({
  pull_request: pullRequestRefs,
  repository: webhookRepositorySchema,
  installation: installationRef,
});

/** The run or suite names its app, and the pull requests whose head it is on (with their head and base). */
const checkRequest = z.object({ app: z.object({ id: githubId }), pull_requests: z.array(pullRequestRefs) });

/** check_run and check_suite events, each read into one shape: the run or suite as `request`. */
export const checkRerequestSchemas = {
  check_run: z
    .object({ check_run: checkRequest, repository: webhookRepositorySchema, installation: installationRef })
    .transform(({ check_run, ...event }) => ({ ...event, request: check_run })),
  check_suite: z
    .object({ check_suite: checkRequest, repository: webhookRepositorySchema, installation: installationRef })
    .transform(({ check_suite, ...event }) => ({ ...event, request: check_suite })),
};

/** A verified payload without the fields its event must have: GitHub's to fix, so 400 with the first problem. */
export function parsePayload<T>(schema: z.ZodType<T>, payload: unknown, event: string): T {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ApiError(400, "invalid_payload", `${event} payload: ${issue?.path.join(".") || "body"} ${issue?.message ?? "is invalid"}`);
}
