import type { Metadata } from "next";
import { headers } from "next/headers";
import { defaultAppName } from "@/server/github/github-app-manifest";
import { getRuntime } from "@/server/runtime";
import { siteOrigin } from "@/view/site-origin";
import { AppConfigured, ManifestSummary, ReachabilityHint } from "./setup-parts";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Set up the GitHub App", robots: { index: false } };

/** Step 1 of GitHub's App Manifest flow: where the App goes. Step 2 (`./create`) needs the state cookie `./start` sets. */
export default async function GithubSetupPage() {
  const { config } = getRuntime();
  if (config.githubApp !== undefined) return <AppConfigured />;
  const origin = siteOrigin(config.publicUrl, await headers());
  return (
    <article className="prose">
      <header className="page-header">
        <p className="page-header__kicker">Self-hosting</p>
        <h1>Set up the GitHub App</h1>
        <p className="page-header__lede">
          With a GitHub App, every pull request gets a &ldquo;Lastcall shutdown audit&rdquo; check and every push to the default branch a
          new point in the score history. This creates the App on GitHub for you; the README describes how to create it by hand.
        </p>
      </header>
      <ManifestSummary origin={origin} />
      <ReachabilityHint origin={origin} configured={config.publicUrl !== undefined} />
      {/* The site's form-field pattern (label above, input filling the row), as on the home page's scan form. */}
      <form method="post" action="/setup/github/start">
        <p>
          <label htmlFor="organization" className="scan-form__label">
            Organization (optional)
          </label>
          <span className="scan-form__row">
            <input
              id="organization"
              name="organization"
              className="input"
              autoComplete="off"
              spellCheck={false}
              pattern="[A-Za-z0-9][A-Za-z0-9\-]{0,38}"
              aria-describedby="organization-hint"
            />
          </span>
          <span id="organization-hint" className="hint">
            The organization that will own the App; leave it empty to create it on your own account.
          </span>
        </p>
        <p>
          <label htmlFor="name" className="scan-form__label">
            App name
          </label>
          <span className="scan-form__row">
            <input
              id="name"
              name="name"
              className="input"
              required
              maxLength={34}
              defaultValue={defaultAppName(origin)}
              aria-describedby="name-hint"
            />
          </span>
          <span id="name-hint" className="hint">
            Unique on GitHub; you can still change it there.
          </span>
        </p>
        <button type="submit" className="button">
          Continue
        </button>
      </form>
    </article>
  );
}
