import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { CopyableCode } from "@/components/copyable-code";
import { type CreatedGithubApp, convertAppManifest, ManifestConversionError } from "@/server/github/convert-app-manifest";
import { SETUP_STATE_COOKIE, setupStateMatches } from "@/server/github/setup-state";
import { getRuntime } from "@/server/runtime";
import { AppConfigured } from "../setup-parts";

export const dynamic = "force-dynamic";

// The page shows a private key: never indexed, and the code in its URL is not sent to the links it holds.
export const metadata: Metadata = { title: "GitHub App created", robots: { index: false }, referrer: "no-referrer" };

type CallbackPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function SetupFailed({ problem }: { problem: string }) {
  return (
    <article className="prose">
      <h1>The GitHub App was not set up</h1>
      <p className="form-error">{problem}</p>
      <p>
        <Link href="/setup/github">Start the setup again</Link>. An App that GitHub created meanwhile can be deleted in its settings on
        GitHub.
      </p>
    </article>
  );
}

/** The private key as one line of an env file: loadGithubAppConfig turns `\n` back into line breaks. */
function envFile(app: CreatedGithubApp, webhookSecret: string): string {
  const key = app.pem.trim().replaceAll("\n", "\\n");
  return [`GITHUB_APP_ID=${app.id}`, `GITHUB_APP_PRIVATE_KEY="${key}"`, `GITHUB_WEBHOOK_SECRET=${webhookSecret}`].join("\n");
}

function Credentials({ app }: { app: CreatedGithubApp }) {
  const installUrl = `${app.html_url}/installations/new`;
  return (
    <article className="prose">
      <header className="page-header">
        <p className="page-header__kicker">Self-hosting</p>
        <h1>GitHub App &ldquo;{app.name}&rdquo; created</h1>
        <p className="page-header__lede">
          Its credentials are below, <strong>shown this once</strong>: Lastcall does not keep them, and GitHub does not show the key again
          (you can only make a new one in the App&apos;s settings). Store them now.
        </p>
      </header>
      <h2>1. Store the credentials</h2>
      <p>
        Give the web app and every worker these variables, e.g. in the <code>.env</code> file docker compose reads. Keep them secret: the
        key acts as the App, the webhook secret proves deliveries come from GitHub.
      </p>
      {app.webhook_secret ? (
        <CopyableCode label=".env" text={envFile(app, app.webhook_secret)} copyLabel="Copy the variables" />
      ) : (
        <p className="form-error">
          GitHub sent no webhook secret: set one in the App&apos;s settings on GitHub (at least 16 characters) and give it to Lastcall as
          GITHUB_WEBHOOK_SECRET.
        </p>
      )}
      <p>
        Or save the key as a file readable only by Lastcall (e.g. <code>lastcall-github-app.pem</code>, mode 600) and set{" "}
        <code>GITHUB_APP_PRIVATE_KEY_FILE</code> to its path instead of <code>GITHUB_APP_PRIVATE_KEY</code>:
      </p>
      <CopyableCode label="Private key (PEM)" text={app.pem.trim()} copyLabel="Copy the private key" />
      <h2>2. Restart</h2>
      <p>Restart the web app and the workers with these variables. This page then reports the App as configured.</p>
      <h2>3. Install the App</h2>
      <p>
        Install it on the repositories to audit: <a href={installUrl}>{installUrl}</a>. Their pull requests then get the check, and pushes
        to their default branches new points in the score history.
      </p>
    </article>
  );
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Step 3: GitHub sends the browser back with a code, traded here for the App's credentials (once: a code works once). */
export default async function GithubSetupCallbackPage({ searchParams }: CallbackPageProps) {
  const { config } = getRuntime();
  if (config.githubApp !== undefined) return <AppConfigured />;
  const params = await searchParams;
  const expected = (await cookies()).get(SETUP_STATE_COOKIE)?.value;
  if (!setupStateMatches(expected, single(params.state))) {
    return <SetupFailed problem="This link does not belong to a setup started in this browser (its state does not match)." />;
  }
  const code = single(params.code);
  if (code === undefined) return <SetupFailed problem="GitHub sent no code back." />;
  try {
    return <Credentials app={await convertAppManifest(config.githubApiUrl, code)} />;
  } catch (error) {
    if (error instanceof ManifestConversionError)
      return <SetupFailed problem={`The App's credentials could not be fetched: ${error.message}.`} />;
    throw error;
  }
}
