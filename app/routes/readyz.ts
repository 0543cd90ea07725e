import type { LoaderFunctionArgs } from "@remix-run/node";
import { readiness } from "~/modules/health/health.service.server";

/** Readiness (a load balancer's question), beside /healthz's liveness. */
export async function loader({ context }: LoaderFunctionArgs) {
  const headers = { "Cache-Control": "no-store" };
  const state = await readiness(context.db);
  return state.ready
    ? Response.json({ status: "ready" }, { headers })
    : Response.json({ status: "unavailable", reason: state.reason }, { status: 503, headers });
}
