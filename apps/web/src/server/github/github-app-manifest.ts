import { z } from "zod";

/** What the App may do: write check runs; read code, metadata and pull requests (their changed files). */
export const GITHUB_APP_PERMISSIONS = { checks: "write", contents: "read", metadata: "read", pull_requests: "read" } as const;

/** Installation and installation_repositories events come to every App without asking. */
export const GITHUB_APP_EVENTS = ["pull_request", "push", "check_run", "check_suite"] as const;

/** GitHub App names are at most 34 characters. */
const MAX_APP_NAME_LENGTH = 34;

/** GitHub's rule for user and organization logins. */
export const organizationSchema = z
  .string()
  .trim()
  .regex(/^[a-z\d](?:[a-z\d-]{0,38})$/i, "is not a GitHub organization name");

export const appNameSchema = z.string().trim().min(1).max(MAX_APP_NAME_LENGTH, `must be at most ${MAX_APP_NAME_LENGTH} characters`);

/** App names are unique on a GitHub server, so the default names this deployment; GitHub's form lets people change it. */
export function defaultAppName(publicUrl: string): string {
  return `Lastcall ${new URL(publicUrl).hostname}`.slice(0, MAX_APP_NAME_LENGTH);
}

/** The App Manifest (docs.github.com: "Registering a GitHub App from a manifest") for this deployment. */
export function githubAppManifest(publicUrl: string, name: string) {
  return {
    name,
    url: publicUrl,
    description:
      "Lastcall scores MCP servers for graceful-shutdown security: a check on every pull request, a score history for the default branch.",
    hook_attributes: { url: `${publicUrl}/api/github/webhooks`, active: true },
    redirect_url: `${publicUrl}/setup/github/callback`,
    public: false,
    default_permissions: GITHUB_APP_PERMISSIONS,
    default_events: GITHUB_APP_EVENTS,
  };
}

/** Where the manifest is posted: the signed-in user's Apps, or an organization's; `state` comes back on the redirect. */
export function newGithubAppUrl(server: URL, organization: string | undefined, state: string): string {
  const path = organization === undefined ? "/settings/apps/new" : `/organizations/${encodeURIComponent(organization)}/settings/apps/new`;
  const url = new URL(path, server);
  url.searchParams.set("state", state);
  return url.href;
}
