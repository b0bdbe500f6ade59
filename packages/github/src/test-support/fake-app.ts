import { generateKeyPairSync } from "node:crypto";
import { type FakeGithub, type FakeGithubRepository, startFakeGithub } from "@lastcall/testkit";
import { createGithubApp, type GithubApp, type GithubLog } from "../github-app.js";

export const APP_ID = 4242;
export const INSTALLATION_ID = 77;

export interface FakeApp {
  github: FakeGithub;
  app: GithubApp;
  /** Everything Octokit logged, as JSON lines. */
  logged: string[];
}

/** A fake GitHub API and a real app client pointed at it, with a fresh RSA key as the app's private key. */
export async function startFakeApp(repositories: FakeGithubRepository[] = [{ owner: "acme", name: "server" }]): Promise<FakeApp> {
  const github = await startFakeGithub({ appId: APP_ID, repositories });
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const logged: string[] = [];
  const record = (level: string) => (message: string, additionalInfo?: object) => {
    logged.push(JSON.stringify({ level, message, additionalInfo }));
  };
  const log: GithubLog = { debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error") };
  const app = createGithubApp({
    appId: APP_ID,
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    // A trailing slash, as an operator may well write it.
    apiUrl: `${github.url}/`,
    log,
  });
  return { github, app, logged };
}
