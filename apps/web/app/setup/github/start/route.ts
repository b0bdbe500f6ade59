import { cookies } from "next/headers";
import { errorResponse } from "@/server/api/api-error";
import { createSetupState, SETUP_STATE_COOKIE, SETUP_STATE_MAX_AGE_SECONDS } from "@/server/github/setup-state";
import { getRuntime } from "@/server/runtime";
import { siteOrigin } from "@/view/site-origin";

export const dynamic = "force-dynamic";

/** Two short fields; anything bigger is not from the setup form. */
const MAX_FORM_BYTES = 4096;

function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
}

/**
 * Starts a setup: a fresh state in an HTTP-only cookie (a page cannot set cookies), then on to the page
 * that sends the manifest to GitHub with that state. The form's fields are passed along for it to check.
 */
export async function POST(request: Request): Promise<Response> {
  const { config } = getRuntime();
  if (config.githubApp !== undefined) return seeOther("/setup/github");
  if (Number(request.headers.get("content-length") ?? Number.POSITIVE_INFINITY) > MAX_FORM_BYTES) {
    return errorResponse(413, "payload_too_large", `the form must not exceed ${MAX_FORM_BYTES} bytes`);
  }
  const form = await request.formData().catch(() => new FormData());
  const query = new URLSearchParams();
  for (const field of ["organization", "name"]) {
    const value = form.get(field);
    if (typeof value === "string" && value.trim() !== "") query.set(field, value.trim());
  }
  (await cookies()).set(SETUP_STATE_COOKIE, createSetupState(), {
    httpOnly: true,
    // Lax: the cookie comes along when GitHub redirects the browser back (a top-level GET), not on other sites' requests.
    sameSite: "lax",
    secure: siteOrigin(config.publicUrl, request.headers).startsWith("https:"),
    path: "/setup/github",
    maxAge: SETUP_STATE_MAX_AGE_SECONDS,
  });
  return seeOther(`/setup/github/create${query.size > 0 ? `?${query}` : ""}`);
}
