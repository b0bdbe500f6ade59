import { generateKeyPairSync, randomUUID } from "node:crypto";
import { Webhooks } from "@octokit/webhooks";
import webhookExamples from "@octokit/webhooks-examples";

export const APP_ID = "4242";
export const WEBHOOK_SECRET = "current-webhook-secret-0123456789";
export const PREVIOUS_WEBHOOK_SECRET = "previous-webhook-secret-0123456789";

/** The web app's GitHub App variables, pointed at a fake GitHub API, with a fresh RSA key. */
export function githubAppEnv(apiUrl: string): Record<string, string> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    GITHUB_API_URL: apiUrl,
    GITHUB_APP_ID: APP_ID,
    GITHUB_APP_PRIVATE_KEY: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
    GITHUB_WEBHOOK_SECRET_PREVIOUS: PREVIOUS_WEBHOOK_SECRET,
  };
}

type Json = Record<string, unknown>;

/** A copy of a recorded real payload from @octokit/webhooks-examples (`index` among those of the action). */
export function examplePayload(event: string, action: string | undefined, index = 0): Json {
  const definition = webhookExamples.find((candidate) => candidate.name === event);
  const examples = (definition?.examples ?? []) as Json[];
  const example = action === undefined ? examples[index] : examples.filter((candidate) => candidate.action === action)[index];
  if (example === undefined) throw new Error(`no example payload for ${event}.${action}`);
  return structuredClone(example);
}

export interface TestRepository {
  owner: string;
  name: string;
  /** GitHub's numeric id. */
  id: number;
  private?: boolean;
  defaultBranch?: string;
}

/** An example's `repository` (or a pull request's head or base `repo`) made to name a repository on the local git server. */
function adaptRepository(recorded: Json, repository: TestRepository): Json {
  return {
    ...recorded,
    id: repository.id,
    name: repository.name,
    full_name: `${repository.owner}/${repository.name}`,
    private: repository.private ?? false,
    owner: { ...(recorded.owner as Json), login: repository.owner },
    default_branch: repository.defaultBranch ?? "main",
  };
}

function listedRepository(repository: TestRepository): Json {
  return {
    id: repository.id,
    name: repository.name,
    full_name: `${repository.owner}/${repository.name}`,
    private: repository.private ?? false,
  };
}

export function installationPayload(
  action: "created" | "deleted" | "suspend" | "unsuspend",
  installationId: number,
  account: string,
  repositories: TestRepository[],
): Json {
  const payload = examplePayload("installation", action);
  const installation = payload.installation as Json;
  payload.installation = {
    ...installation,
    id: installationId,
    account: { ...(installation.account as Json), login: account, type: "Organization" },
  };
  payload.repositories = repositories.map(listedRepository);
  return payload;
}

export function installationRepositoriesPayload(action: "added" | "removed", installationId: number, repositories: TestRepository[]): Json {
  const payload = examplePayload("installation_repositories", action);
  payload.installation = { ...(payload.installation as Json), id: installationId };
  payload.repositories_added = action === "added" ? repositories.map(listedRepository) : [];
  payload.repositories_removed = action === "removed" ? repositories.map(listedRepository) : [];
  return payload;
}

/** The recorded push of a branch (refs/heads/…), moved to `branch` of `repository` with `after` as its new head. */
export function pushPayload(
  installationId: number,
  repository: TestRepository,
  push: { branch: string; before: string; after: string },
): Json {
  const payload = examplePayload("push", undefined, 4);
  payload.ref = `refs/heads/${push.branch}`;
  payload.before = push.before;
  payload.after = push.after;
  payload.installation = { id: installationId };
  payload.repository = adaptRepository(payload.repository as Json, repository);
  return payload;
}

export interface TestPullRequest {
  number: number;
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
}

export function pullRequestPayload(
  action: "opened" | "synchronize" | "reopened" | "closed",
  installationId: number,
  repository: TestRepository,
  pr: TestPullRequest,
): Json {
  const payload = examplePayload("pull_request", action);
  const recorded = payload.pull_request as Json;
  const side = (which: "head" | "base") => {
    const part = recorded[which] as Json;
    return { ...part, ...pr[which], label: `${repository.owner}:${pr[which].ref}`, repo: adaptRepository(part.repo as Json, repository) };
  };
  payload.number = pr.number;
  payload.pull_request = { ...recorded, number: pr.number, head: side("head"), base: side("base") };
  payload.repository = adaptRepository(payload.repository as Json, repository);
  payload.installation = { id: installationId };
  return payload;
}

/** check_suite rerequested ("Re-run all checks") of `appId`'s suite on the pull request's head. */
export function checkSuiteRerequestedPayload(installationId: number, repository: TestRepository, pr: TestPullRequest, appId: string): Json {
  const payload = examplePayload("check_suite", "rerequested");
  const suite = payload.check_suite as Json;
  const [listed] = suite.pull_requests as Json[];
  payload.check_suite = {
    ...suite,
    head_sha: pr.head.sha,
    head_branch: pr.head.ref,
    app: { ...(suite.app as Json), id: Number(appId) },
    pull_requests: [
      {
        ...listed,
        number: pr.number,
        head: { ...pr.head, repo: { id: repository.id } },
        base: { ...pr.base, repo: { id: repository.id } },
      },
    ],
  };
  payload.repository = adaptRepository(payload.repository as Json, repository);
  payload.installation = { id: installationId };
  return payload;
}

/** X-Hub-Signature-256 of `body`, as GitHub computes it. */
export function signBody(body: string, secret = WEBHOOK_SECRET): Promise<string> {
  return new Webhooks({ secret }).sign(body);
}

export interface Delivery {
  event: string;
  payload: Json | string;
  /** Default: a fresh id. */
  id?: string;
  /** Default: the current secret. */
  secret?: string;
  /** Replaces the computed signature (or, as null, leaves the header out). */
  signature?: string | null;
  /** Extra headers, or null to leave one of the required ones out. */
  headers?: Record<string, string | null>;
}

export interface DeliveryResponse {
  status: number;
  body: Json;
  id: string;
}

/** POSTs a delivery as GitHub does: JSON, with X-GitHub-Delivery, X-GitHub-Event and X-Hub-Signature-256 over the exact body. */
export async function deliverWebhook(baseUrl: string, delivery: Delivery): Promise<DeliveryResponse> {
  const id = delivery.id ?? randomUUID();
  const body = typeof delivery.payload === "string" ? delivery.payload : JSON.stringify(delivery.payload);
  const signature = delivery.signature === undefined ? await signBody(body, delivery.secret) : delivery.signature;
  const headers: Record<string, string | null> = {
    "content-type": "application/json",
    "user-agent": "GitHub-Hookshot/test",
    "x-github-delivery": id,
    "x-github-event": delivery.event,
    "x-github-hook-installation-target-type": "integration",
    "x-hub-signature-256": signature,
    ...delivery.headers,
  };
  const sent = Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== null));
  const response = await fetch(`${baseUrl}/api/github/webhooks`, { method: "POST", headers: sent, body });
  return { status: response.status, body: (await response.json()) as Json, id };
}
