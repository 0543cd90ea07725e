import type { LoaderFunctionArgs } from "@remix-run/node";
import { databaseAnswers } from "~/modules/health/health.service.server";

export async function loader({ context }: LoaderFunctionArgs) {
  const headers = { "Cache-Control": "no-store" };
  return (await databaseAnswers(context.db))
    ? Response.json({ status: "ok" }, { headers })
    : Response.json({ status: "unavailable" }, { status: 503, headers });
}
