import { type FakeGithub, type FakeGithubRepository, type FakeGithubUser, startFakeGithub } from "@lastcall/testkit";

export const OAUTH_CLIENT = { clientId: "Iv1.lastcalltests", clientSecret: "oauth-client-secret-for-tests-0123456789" };

/** A fake GitHub whose OAuth web flow signs the given users in; its settings for the web harness are in `env`. */
export async function startSignInGithub(
  users: FakeGithubUser[],
  repositories: FakeGithubRepository[],
): Promise<{ github: FakeGithub; env: Record<string, string> }> {
  const github = await startFakeGithub({ users, repositories, oauth: OAUTH_CLIENT });
  const env = {
    GITHUB_API_URL: github.url,
    GITHUB_APP_CLIENT_ID: OAUTH_CLIENT.clientId,
    GITHUB_APP_CLIENT_SECRET: OAUTH_CLIENT.clientSecret,
  };
  return { github, env };
}

/** `name=value` of the cookie `name` that `response` sets, for sending back. */
export function setCookie(response: Response, name: string): string | undefined {
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith(`${name}=`));
  return cookie?.split(";")[0];
}

/**
 * Signs `login` in as a browser would, following each redirect by hand: our /auth/signin, GitHub's consent
 * page (the fake approves as `login`), our callback with the sign-in cookie. Returns the session cookie.
 */
export async function signInAs(baseUrl: string, login: string): Promise<string> {
  const start = await fetch(`${baseUrl}/auth/signin?next=/`, { redirect: "manual" });
  const pending = setCookie(start, "lastcall_sign_in");
  const consent = new URL(start.headers.get("location") ?? "");
  consent.searchParams.set("login", login);
  const approved = await fetch(consent, { redirect: "manual" });
  const callback = approved.headers.get("location");
  if (pending === undefined || callback === null) throw new Error(`sign-in did not start: ${start.status} ${approved.status}`);
  const finished = await fetch(callback, { redirect: "manual", headers: { cookie: pending } });
  const session = setCookie(finished, "lastcall_session");
  if (finished.status !== 303 || session === undefined) throw new Error(`sign-in failed: ${finished.status} ${await finished.text()}`);
  return session;
}
