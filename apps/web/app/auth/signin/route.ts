import { apiRoute } from "@/server/api/api-route";
import { startSignIn } from "@/server/auth/sign-in";

export const dynamic = "force-dynamic";

/** Sign in with GitHub: to GitHub's consent page for the App's OAuth client. */
export const GET = apiRoute("reads", async (request: Request, _context: unknown, runtime) => startSignIn(runtime, request));
