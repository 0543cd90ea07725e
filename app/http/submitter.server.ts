import type { DB } from "#db/client";
import type { KioskSender, Submitter } from "~/domain/trust";
import type { Principal } from "~/modules/accounts/types";
import { can } from "./permissions.server";
import { countSubmission } from "./rate-limits.server";

/**
 * Who sends a survey, decided once for the form and the JSON API: only a
 * kiosk or integration token is a trusted device. A staff session or any
 * other token is held to the citizen limits and its responses are flagged
 * `staff`; an anonymous caller is a citizen. A paired kiosk (its token) also
 * names itself: its own point only, and the kiosk burst rule.
 */
export function submitterOf(caller: Principal | null, kiosk?: KioskSender<DB>): Submitter<DB> {
  if (can(caller, "responses:submit-trusted")) return kiosk ? { kind: "trusted_device", kiosk } : { kind: "trusted_device" };
  return { kind: caller ? "staff" : "citizen", limits: countSubmission };
}
