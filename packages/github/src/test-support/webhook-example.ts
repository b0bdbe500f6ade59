import { createRequire } from "node:module";

interface WebhookDefinition {
  name: string;
  examples: Array<Record<string, unknown>>;
}

// @octokit/webhooks-examples' main is a JSON file: real payloads recorded from GitHub.
const definitions = createRequire(import.meta.url)("@octokit/webhooks-examples") as WebhookDefinition[];

/** The first recorded payload of `event` (with `action`, when given), as GitHub would send the body. */
export function webhookExample(event: string, action?: string): string {
  const example = definitions
    .find((definition) => definition.name === event)
    ?.examples.find((payload) => action === undefined || payload.action === action);
  if (!example) throw new Error(`no recorded ${event}${action ? `.${action}` : ""} payload`);
  return JSON.stringify(example);
}
