import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { parsePublicQuery } from "~/domain/publication";
import { notModified, weakEtag } from "~/http/conditional-get.server";
import { problem, problemJson, type Problem } from "~/http/problem.server";
import { publicResultsJson } from "~/modules/publication/public-json";
import { readPublishedResults } from "~/modules/publication/publication.service.server";

/** Open data: anyone may read it from any site, without credentials. */
const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
  "Access-Control-Allow-Headers": "If-None-Match",
  "Access-Control-Expose-Headers": "ETag",
  "Access-Control-Max-Age": "86400",
};

const answer = (p: Problem) => {
  const response = problemJson(p.parameter !== undefined ? { ...p, field: p.parameter } : p);
  for (const [k, v] of Object.entries(CORS)) response.headers.set(k, v);
  response.headers.set("Cache-Control", "no-store");
  return response;
};

/** A published period as JSON (CONTRACTS.md, "Publishing results"): no credentials, cacheable by its ETag. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const query = parsePublicQuery(new URL(request.url).searchParams);
  if (!query.ok) return answer(query.problem);
  const result = await readPublishedResults(context.db, query.value);
  if (!result.ok) return answer(result.problem);
  const headers = new Headers({ ...CORS, ETag: weakEtag(`${result.value.etag}-json`), "Cache-Control": "public, no-cache" });
  const unchanged = notModified(request, 200, headers);
  if (unchanged) return unchanged;
  return Response.json(publicResultsJson(result.value), { headers });
}

/** A browser's preflight (a script sending If-None-Match itself); every other method is refused. */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: CORS });
  const refusal = answer(problem("methodNotAllowed", "only GET reads the public results"));
  refusal.headers.set("Allow", "GET, HEAD, OPTIONS");
  return refusal;
}
