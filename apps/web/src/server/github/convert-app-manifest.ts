import { z } from "zod";

/** The App GitHub created, with its credentials: shown to the person setting up once, stored nowhere here. */
const createdAppSchema = z.object({
  id: z.number().int().positive(),
  slug: z.string().min(1),
  name: z.string().min(1),
  html_url: z.url(),
  owner: z.object({ login: z.string() }).nullish(),
  pem: z.string().includes("PRIVATE KEY-----"),
  webhook_secret: z.string().nullish(),
});

export type CreatedGithubApp = z.infer<typeof createdAppSchema>;

export class ManifestConversionError extends Error {
  override readonly name = "ManifestConversionError";
}

const CODE = /^[\w-]{1,200}$/;
const TIMEOUT_MS = 10_000;

/**
 * Trades the temporary code of GitHub's App Manifest flow for the new App's id, private key and webhook
 * secret (`POST /app-manifests/{code}/conversions`, no authentication). A code works once, within an hour.
 */
export async function convertAppManifest(apiUrl: string, code: string): Promise<CreatedGithubApp> {
  if (!CODE.test(code)) throw new ManifestConversionError("the code in the link is malformed");
  let response: Response;
  try {
    response = await fetch(`${apiUrl.replace(/\/+$/, "")}/app-manifests/${code}/conversions`, {
      method: "POST",
      headers: { accept: "application/vnd.github+json", "user-agent": "lastcall", "x-github-api-version": "2022-11-28" },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new ManifestConversionError(`GitHub's API could not be reached (${(error as Error).message})`);
  }
  if (response.status === 404 || response.status === 422) {
    throw new ManifestConversionError("GitHub did not accept the code: it has been used already or is more than an hour old");
  }
  if (!response.ok) throw new ManifestConversionError(`GitHub answered ${response.status}`);
  const created = createdAppSchema.safeParse(await response.json().catch(() => undefined));
  if (!created.success) throw new ManifestConversionError("GitHub's answer did not contain the App's credentials");
  return created.data;
}
