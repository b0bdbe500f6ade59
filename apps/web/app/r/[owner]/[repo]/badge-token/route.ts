import { apiRoute } from "@/server/api/api-route";
import { rotateBadgeToken } from "@/server/auth/rotate-badge-token";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ owner: string; repo: string }> };

/** A new badge token for a private repository (a form POST from its page, by an admin of it on GitHub). */
export const POST = apiRoute("submissions", async (request: Request, { params }: Context, runtime) => {
  const { owner, repo } = await params;
  return rotateBadgeToken(runtime, request, owner, repo);
});
