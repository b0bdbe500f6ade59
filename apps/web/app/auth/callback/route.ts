import { apiRoute } from "@/server/api/api-route";
import { finishSignIn } from "@/server/auth/sign-in";

export const dynamic = "force-dynamic";

/** GitHub sends people back here after the consent page (the App's registered callback URL). */
export const GET = apiRoute("reads", (request: Request, _context: unknown, runtime) => finishSignIn(runtime, request));
