import { App } from "@octokit/app";
import { Octokit } from "@octokit/rest";
import { z } from "zod";
import { verifyWebhook } from "./verify-webhook.js";

export interface GithubAppOptions {
  appId: number | string;
  /** The app's PEM private key (PKCS#1 or PKCS#8). */
  privateKey: string;
  /** REST API base URL: `https://api.github.com`, `https://HOST/api/v3` on GitHub Enterprise Server, or a local fake. */
  apiUrl: string;
  /** Webhook secrets, current first; only the webhook receiver needs them. */
  webhookSecrets?: readonly string[];
  /** Where Octokit reports requests (method, URL, status; never credentials) and failures; default the console. */
  log?: GithubLog;
}

/** Octokit's logger: `(message, additionalInfo?)` per level (pino takes its arguments the other way round). */
export type GithubLog = Octokit["log"];

/** @octokit/app with @octokit/rest's client, so installation clients have `octokit.rest.*` and `paginate`. */
export type OctokitApp = App<{ Octokit: typeof Octokit }>;

export interface GithubApp {
  /** `octokitApp.octokit` authenticates as the app (a short-lived JWT); installation clients come from `installationOctokit`. */
  readonly octokitApp: OctokitApp;
  /** `verifyWebhook` with this app's secrets; throws when none were configured. */
  verifyWebhook(rawBody: string, signature: string | undefined): Promise<boolean>;
}

export interface InstallationToken {
  token: string;
  expiresAt: Date;
}

const installationAuthSchema = z.object({ token: z.string().min(1), expiresAt: z.iso.datetime({ offset: true }) });

export function createGithubApp({ appId, privateKey, apiUrl, webhookSecrets = [], log }: GithubAppOptions): GithubApp {
  // A baseUrl default on the client class reaches every request, including the token exchange,
  // so the same code talks to github.com, an Enterprise Server, or the test fake.
  const ApiOctokit = Octokit.defaults({ baseUrl: apiUrl.replace(/\/+$/, ""), userAgent: "lastcall", ...(log ? { log } : {}) });
  const octokitApp: OctokitApp = new App({ appId, privateKey, Octokit: ApiOctokit, ...(log ? { log } : {}) });
  return {
    octokitApp,
    verifyWebhook: (rawBody, signature) => verifyWebhook({ secrets: webhookSecrets, rawBody, signature }),
  };
}

/** A REST client acting as one installation; @octokit/auth-app fetches, caches and renews its token. */
export function installationOctokit(app: GithubApp, installationId: number): Promise<Octokit> {
  return app.octokitApp.getInstallationOctokit(installationId);
}

/**
 * An installation access token for `git fetch`, limited to reading contents (and to `repositoryNames`
 * when given) so that a leaked token can do as little as possible. It lasts about an hour.
 *
 * The token is a credential: never log it, never put it in job data (Redis stores job data in plain
 * text), never pass it in a URL or on a command line (both show up in `ps` and error messages); hand it
 * to git through the environment (e.g. `GIT_CONFIG_*` setting `http.extraHeader`) and ask for a fresh
 * one in the process that uses it.
 */
export async function getInstallationToken(
  app: GithubApp,
  installationId: number,
  options: { repositoryNames?: string[] } = {},
): Promise<InstallationToken> {
  const authentication = await app.octokitApp.octokit.auth({
    type: "installation",
    installationId,
    permissions: { contents: "read" },
    ...(options.repositoryNames ? { repositoryNames: options.repositoryNames } : {}),
  });
  const { token, expiresAt } = installationAuthSchema.parse(authentication);
  return { token, expiresAt: new Date(expiresAt) };
}
