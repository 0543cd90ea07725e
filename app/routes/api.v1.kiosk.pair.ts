import type { ActionFunctionArgs } from "@remix-run/node";
import { normalisePairingCode, PairRequest } from "~/domain/kiosks";
import { problem, problemJson } from "~/http/problem.server";
import { pairingLimits } from "~/http/rate-limits.server";
import { invalidJsonBody, readJsonObject } from "~/http/request-body.server";
import { pairKiosk } from "~/modules/kiosks/kiosks.service.server";

const MAX_JSON_BYTES = 1024;
const usePost = () => problemJson(problem("methodNotAllowed", "use POST", { headers: { Allow: "POST" } }));

/**
 * A tablet pairs with its one-time code: `{pairingCode}` → 200 `{token,
 * kiosk}`. Anyone may try; wrong codes are limited per address. The code
 * works once: a second use is a 404 like an unknown code, an expired one a 400.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return usePost();
  const read = await readJsonObject(request, MAX_JSON_BYTES);
  if (!read.ok) return read.response;
  const parsed = PairRequest.safeParse(read.value);
  if (!parsed.success) return invalidJsonBody(parsed.error, read.value);
  const code = normalisePairingCode(parsed.data.pairingCode);
  if (!code) return problemJson(problem("badRequest", "pairingCode must be the 8 letters and digits shown on /admin/kiosks", { field: "pairingCode" }));

  const attempt = await pairingLimits.begin(context.db, context.clientIp ?? "unknown");
  if (!attempt.allowed) {
    return problemJson(problem("rateLimited", "too many wrong pairing codes from this address", { retryAfterSeconds: attempt.retryAfterSeconds }));
  }
  const outcome = await pairKiosk(context.db, code);
  if (outcome.kind !== "paired") {
    await attempt.failed();
    return outcome.kind === "expired"
      ? problemJson(problem("badRequest", "pairingCode has expired: ask an administrator for a new one", { field: "pairingCode" }))
      : problemJson(problem("notFound", "pairingCode is unknown or was already used", { field: "pairingCode" }));
  }
  await attempt.succeeded();
  return Response.json({ token: outcome.token, kiosk: outcome.kiosk }, { headers: { "Cache-Control": "no-store" } });
}

export function loader() {
  return usePost();
}
