import { z } from "zod";

export interface GithubAppConfig {
  appId: string;
  /** PEM; from GITHUB_APP_PRIVATE_KEY (literal `\n` sequences allowed, as in one-line env files) or GITHUB_APP_PRIVATE_KEY_FILE. */
  privateKey: string;
  /** Current secret first, then the previous one during a rotation. */
  webhookSecrets: string[];
}

export class GithubAppConfigError extends Error {
  override readonly name = "GithubAppConfigError";
}

const githubAppEnvSchema = z.object({
  GITHUB_APP_ID: z.string().regex(/^\d+$/, "must be the App's numeric id").optional(),
  GITHUB_APP_PRIVATE_KEY: z.string().min(1).optional(),
  GITHUB_APP_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  GITHUB_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  GITHUB_WEBHOOK_SECRET_PREVIOUS: z.string().min(16, "must be at least 16 characters").optional(),
});

/**
 * The GitHub App settings, all optional together: without GITHUB_APP_ID the website and CLI work
 * and the webhook endpoint answers that the App is not configured. With it, the key and the
 * webhook secret are required; a missing or bad one is named. `readFile` reads the key file.
 */
export function loadGithubAppConfig(
  env: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string,
): GithubAppConfig | undefined {
  const parsed = githubAppEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GithubAppConfigError(`invalid environment: ${issue?.path.join(".")} ${issue?.message}`);
  }
  const vars = parsed.data;
  if (vars.GITHUB_APP_ID === undefined) return undefined;
  const key =
    vars.GITHUB_APP_PRIVATE_KEY ??
    (vars.GITHUB_APP_PRIVATE_KEY_FILE === undefined ? undefined : readFile(vars.GITHUB_APP_PRIVATE_KEY_FILE));
  if (key === undefined)
    throw new GithubAppConfigError(
      "invalid environment: GITHUB_APP_PRIVATE_KEY (or GITHUB_APP_PRIVATE_KEY_FILE) is required with GITHUB_APP_ID",
    );
  const privateKey = key.replaceAll("\\n", "\n");
  if (!privateKey.includes("PRIVATE KEY-----"))
    throw new GithubAppConfigError("invalid environment: GITHUB_APP_PRIVATE_KEY is not a PEM private key");
  if (vars.GITHUB_WEBHOOK_SECRET === undefined)
    throw new GithubAppConfigError("invalid environment: GITHUB_WEBHOOK_SECRET is required with GITHUB_APP_ID");
  const webhookSecrets = [
    vars.GITHUB_WEBHOOK_SECRET,
    ...(vars.GITHUB_WEBHOOK_SECRET_PREVIOUS === undefined ? [] : [vars.GITHUB_WEBHOOK_SECRET_PREVIOUS]),
  ];
  return { appId: vars.GITHUB_APP_ID, privateKey, webhookSecrets };
}
