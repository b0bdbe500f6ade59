import { createGithubApp, type GithubApp } from "@lastcall/github";
import type { WorkerConfig } from "./config.js";

/** One App client per configuration: it caches installation tokens until they expire. */
const apps = new WeakMap<WorkerConfig, GithubApp>();

/** The GitHub App client, when the App is configured. */
export function githubAppClient(config: WorkerConfig): GithubApp | undefined {
  if (config.githubApp === undefined) return undefined;
  let app = apps.get(config);
  if (app === undefined) {
    app = createGithubApp({ appId: config.githubApp.appId, privateKey: config.githubApp.privateKey, apiUrl: config.githubApiUrl });
    apps.set(config, app);
  }
  return app;
}
