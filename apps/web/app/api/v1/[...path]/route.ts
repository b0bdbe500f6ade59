import { errorResponse } from "@/server/api/api-error";

export const dynamic = "force-dynamic";

/** Anything else under /api/v1 answers in the API's error shape, not with the site's HTML 404 page. */
function notFound(): Response {
  return errorResponse(404, "not_found", "No such API endpoint; see /docs/api");
}

export { notFound as DELETE, notFound as GET, notFound as HEAD, notFound as OPTIONS, notFound as PATCH, notFound as POST, notFound as PUT };
