import { apiRoute } from "@/server/api/api-route";
import { signOut } from "@/server/auth/sign-in";

export const dynamic = "force-dynamic";

/** Sign out (a form POST from our own pages only). */
export const POST = apiRoute("reads", (request: Request, _context: unknown, runtime) => signOut(runtime, request));
