import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import Link from "next/link";
import { z } from "zod";
import { appNameSchema, defaultAppName, githubAppManifest, newGithubAppUrl, organizationSchema } from "@/server/github/github-app-manifest";
import { SETUP_STATE_COOKIE } from "@/server/github/setup-state";
import { getRuntime } from "@/server/runtime";
import { siteOrigin } from "@/view/site-origin";
import { AppConfigured, ManifestSummary, ReachabilityHint } from "../setup-parts";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Create the GitHub App", robots: { index: false } };

type CreatePageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const choiceSchema = z.object({ organization: organizationSchema.optional(), name: appNameSchema.optional() });

function StartAgain({ problem }: { problem: string }) {
  return (
    <article className="prose">
      <h1>Create the GitHub App</h1>
      <p className="form-error">{problem}</p>
      <p>
        <Link href="/setup/github">Start the setup again</Link>
      </p>
    </article>
  );
}

/** Step 2: the manifest, posted by the browser to GitHub with the state from the cookie `../start` set. */
export default async function CreateGithubAppPage({ searchParams }: CreatePageProps) {
  const { config } = getRuntime();
  if (config.githubApp !== undefined) return <AppConfigured />;
  const state = (await cookies()).get(SETUP_STATE_COOKIE)?.value;
  if (state === undefined)
    return <StartAgain problem="The setup has not been started in this browser, or it started more than an hour ago." />;
  const choice = choiceSchema.safeParse(await searchParams);
  if (!choice.success) {
    const issue = choice.error.issues[0];
    return <StartAgain problem={`The ${issue?.path.join(".")} ${issue?.message ?? "is invalid"}.`} />;
  }
  const origin = siteOrigin(config.publicUrl, await headers());
  const { organization, name = defaultAppName(origin) } = choice.data;
  const manifest = githubAppManifest(origin, name);
  const account = organization === undefined ? "your own GitHub account" : `the organization ${organization}`;
  return (
    <article className="prose">
      <header className="page-header">
        <p className="page-header__kicker">Self-hosting</p>
        <h1>Create the GitHub App</h1>
        <p className="page-header__lede">
          GitHub will create the App &ldquo;{name}&rdquo; for {account} and send you back here, where its credentials are shown once.
        </p>
      </header>
      <ManifestSummary origin={origin} />
      <ReachabilityHint origin={origin} configured={config.publicUrl !== undefined} />
      <form method="post" action={newGithubAppUrl(config.githubServer, organization, state)}>
        <input type="hidden" name="manifest" value={JSON.stringify(manifest)} />
        <button type="submit" className="button">
          Create the App on GitHub
        </button>
      </form>
      <p>
        <Link href="/setup/github">Change the organization or name</Link>
      </p>
    </article>
  );
}
