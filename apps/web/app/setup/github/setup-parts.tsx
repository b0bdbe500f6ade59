import Link from "next/link";
import { GITHUB_APP_EVENTS, GITHUB_APP_PERMISSIONS } from "@/server/github/github-app-manifest";

/** The setup creates credentials: it is offered only while none are configured. */
export function AppConfigured() {
  return (
    <article className="prose">
      <h1>The GitHub App is configured</h1>
      <p>
        This server has a GitHub App (<code>GITHUB_APP_ID</code> is set), so the setup is closed. To replace the App, remove its variables
        and restart; to rotate its webhook secret, see the README&apos;s &ldquo;GitHub App&rdquo; section.
      </p>
      <p>
        <Link href="/">Back to Lastcall</Link>
      </p>
    </article>
  );
}

/** What the App will be allowed to do and where GitHub will send events, before anyone is sent to GitHub. */
export function ManifestSummary({ origin }: { origin: string }) {
  return (
    <ul>
      <li>
        Permissions:{" "}
        {Object.entries(GITHUB_APP_PERMISSIONS)
          .map(([name, access]) => `${name.replace("_", " ")} (${access})`)
          .join(", ")}
        .
      </li>
      <li>Events: {GITHUB_APP_EVENTS.join(", ")}, and installations.</li>
      <li>
        Webhook URL: <code>{`${origin}/api/github/webhooks`}</code>; after creating it, GitHub comes back to{" "}
        <code>{`${origin}/setup/github/callback`}</code>.
      </li>
    </ul>
  );
}

/** GitHub delivers webhooks from the internet: a local address works for the setup, not for the events. */
export function ReachabilityHint({ origin, configured }: { origin: string; configured: boolean }) {
  if (configured && !/^https?:\/\/(localhost|127\.|\[::1\])/.test(origin)) return null;
  return (
    <p className="hint">
      These URLs use {configured ? "LASTCALL_PUBLIC_URL" : "the address this page was opened on"}, <code>{origin}</code>. GitHub must be
      able to reach it to deliver events: set <code>LASTCALL_PUBLIC_URL</code> to this server&apos;s public address and restart first if it
      is not.
    </p>
  );
}
