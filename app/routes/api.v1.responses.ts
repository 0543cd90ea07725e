import type { ActionFunctionArgs } from "@remix-run/node";
import { ResponseSubmissionSchema } from "~/domain/response-submission";
import { callerOf } from "~/http/permissions.server";
import { problem, problemJson } from "~/http/problem.server";
import { readJsonObject } from "~/http/request-body.server";
import { submitterOf } from "~/http/submitter.server";
import { kioskCallerOf, kioskSender, noteKioskContact } from "~/modules/kiosks/kiosks.service.server";
import { submitResponse, type SubmissionErrors } from "~/modules/survey/submission.service.server";

const MAX_JSON_BYTES = 64 * 1024;

/** What each field error code means, in English for the machines that call this API. */
const MESSAGES: Record<string, string> = {
  required: "an answer is required",
  invalid_scale: "must be an integer from 1 to 5, or \"na\" where allowed",
  na_not_allowed: "\"na\" is not allowed for this question",
  invalid_option: "is not one of the question's options",
  not_a_number: "must be a number",
  out_of_range: "is outside the question's range",
  too_long: "is too long",
  not_text: "must be a string",
  unknown_question: "is not a question of this service point's questionnaire",
  repeated: "was given more than once",
  sector_required: "is required: the service point serves several sectors",
  sector_invalid: "is not a sector this service point serves",
  form: "must be a UUID",
  answered_at_ahead: "must be at most 5 minutes ahead of the server clock",
  answered_at_too_old: "must be within the last 30 days",
  answered_at_needs_trusted_device: "older than 24 hours is accepted only from a kiosk or integration token",
  phone_invalid: "must be a Vietnamese phone number (0 and 9 digits, or +84)",
  email_invalid: "must be an e-mail address of at most 254 characters",
  contact_needs_consent: "must be true to leave contact details: they are kept only with consent",
  consent_needs_contact: "needs a phone or an e-mail when consent is true",
};

const TOP_LEVEL_FIELDS = new Set(["id", "sector", "answeredAt", "contact.phone", "contact.email", "consent", "contact"]);

function firstError(errors: SubmissionErrors): { field: string; error: string } {
  const [key, code] = Object.entries(errors)[0]!;
  const field = TOP_LEVEL_FIELDS.has(key) ? key : `answers.${key}`;
  return { field, error: `${field} ${MESSAGES[code] ?? "is invalid"}` };
}

const usePost = () => problemJson(problem("methodNotAllowed", "use POST", { headers: { Allow: "POST" } }));

/**
 * JSON submissions from kiosks, integrations and anyone else; idempotent by
 * the client's `id`. Only a kiosk or integration token is a trusted device.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return usePost();
  const caller = await callerOf({ request, context });
  // A paired kiosk sends for its own point only and is counted by the kiosk
  // burst rule; a revoked one is told so before anything else, so the tablet
  // keeps its queue (whatever is in it) and shows staff why.
  const kiosk = await kioskCallerOf(context.db, request, caller);
  if (kiosk.kind === "revoked") return problemJson(problem("unauthenticated", "revoked"));
  const paired = kiosk.kind === "paired" ? kiosk.kiosk : null;
  if (paired) await noteKioskContact(context.db, paired);
  const read = await readJsonObject(request, MAX_JSON_BYTES);
  if (!read.ok) return read.response;
  const parsed = ResponseSubmissionSchema.safeParse(read.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".") || "body";
    return problemJson(problem("badRequest", `${field}: ${issue.message}`, { field }));
  }
  const body = parsed.data;

  const outcome = await submitResponse(context.db, {
    clientId: body.id,
    servicePointCode: body.servicePoint,
    ticketToken: body.ticket ?? null,
    sectorCode: body.sector ?? null,
    locale: body.locale,
    answeredAt: body.answeredAt ? new Date(body.answeredAt) : null,
    rawAnswers: body.answers,
    repeatedKeys: [],
    channel: caller?.role === "kiosk" ? "kiosk" : "api",
    versionShown: body.version === undefined ? null : String(body.version),
    partialAllowed: caller?.role === "kiosk",
    honeypotFilled: false,
    contact: body.contact || body.consent !== undefined ? { phone: body.contact?.phone ?? null, email: body.contact?.email ?? null, consent: body.consent === true } : null,
    ip: context.clientIp ?? "unknown",
    // A JSON caller has no device cookie, and anything else it sends about
    // itself is its to change: it is limited by its address alone.
    deviceId: null,
    submitter: submitterOf(caller, paired ? kioskSender(paired) : undefined),
  });
  switch (outcome.kind) {
    case "created":
    case "repeat":
      return Response.json(
        { id: outcome.clientId, ...(outcome.caseCode ? { case: { code: outcome.caseCode } } : {}) },
        { status: outcome.kind === "created" ? 201 : 200 },
      );
    case "invalid": {
      const { field, error } = firstError(outcome.errors);
      return problemJson(problem("badRequest", error, { field }));
    }
    case "point_not_found":
      return problemJson(problem("badRequest", "servicePoint is unknown or inactive", { field: "servicePoint" }));
    case "ticket_unknown":
      return problemJson(problem("badRequest", "ticket is unknown, expired or for another service point", { field: "ticket" }));
    case "ticket_used":
      return problemJson(problem("conflict", "ticket has already been used", { field: "ticket" }));
    case "conflict":
      return problemJson(problem("conflict", "id was already used for a different submission", { field: "id" }));
    case "wrong_point":
      return problemJson(problem("forbidden", "servicePoint is not this kiosk's service point", { field: "servicePoint" }));
    case "rate_limited":
      return problemJson(problem("rateLimited", "too many submissions; try again later", { retryAfterSeconds: outcome.retryAfterSeconds }));
  }
}

export function loader() {
  return usePost();
}
