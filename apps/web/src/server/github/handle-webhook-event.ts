import type { WebRuntime } from "../runtime.js";
import { handleInstallationEvent, handleInstallationRepositoriesEvent } from "./installation-events.js";
import { handleCheckRerequest, handlePullRequestEvent } from "./pull-request-events.js";
import { handlePushEvent } from "./push-event.js";

/** What the event handlers need of the runtime. */
export type WebhookDeps = Pick<WebRuntime, "db" | "queue" | "config" | "repositoryChanged">;

/**
 * What handling a delivery came to, recorded on its row: "queued" (scans or a check run asked for),
 * "stored" (installation or repository records changed, nothing to scan), "ignored".
 */
export type WebhookOutcome = "queued" | "stored" | "ignored";

/** Routes a verified delivery by its X-GitHub-Event; events and actions Lastcall does not act on are ignored. */
export function handleWebhookEvent(
  deps: WebhookDeps,
  event: string,
  action: string | undefined,
  payload: unknown,
): Promise<WebhookOutcome> {
  switch (event) {
    case "installation":
      return handleInstallationEvent(deps, action, payload);
    case "installation_repositories":
      return handleInstallationRepositoriesEvent(deps, action, payload);
    case "push":
      return handlePushEvent(deps, payload);
    case "pull_request":
      return handlePullRequestEvent(deps, action, payload);
    case "check_run":
    case "check_suite":
      return handleCheckRerequest(deps, event, action, payload);
    default:
      return Promise.resolve("ignored");
  }
}
