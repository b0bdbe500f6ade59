import { badgeResponse } from "@/server/badge/badge-response";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ owner: string; file: string }> };

/** `/badge/<owner>/<repo>.svg` and `.json`: the latest completed default-branch score, always a 200 badge. */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  const { owner, file } = await params;
  return badgeResponse(request, getRuntime(), owner, file);
}
