import type { ActionFunctionArgs } from "@remix-run/node";
import { isAcceptableAnsweredAt, ResponseSubmissionSchema } from "~/domain/response-submission";
import { getPrincipal } from "~/modules/accounts/sessions.service.server";
import { apiProblem, readJsonObject } from "~/http/request-body.server";
import { submitResponse, type SubmissionErrors } from "~/modules/survey/submission.service.server";
import { callerOf, can } from "~/http/permissions.server";

const MAX_JSON_BYTES = 64 * 1024;


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
};

function firstError(errors: SubmissionErrors): { field: string; error: string } {
  const [key, code] = Object.entries(errors)[0]!;
  const field = key === "id" || key === "sector" ? key : `answers.${key}`;
  return { field, error: `${field} ${MESSAGES[code] ?? "is invalid"}` };
}

/** JSON submissions from kiosks and integrations; idempotent by the client's `id`. */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiProblem(405, "use POST", undefined, { Allow: "POST" });
  const read = await readJsonObject(request, MAX_JSON_BYTES);
  if (!read.ok) return read.response;
  const payload = read.value;
  const parsed = ResponseSubmissionSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".") || "body";
    return apiProblem(400, `${field}: ${issue.message}`, field);
  }
  const body = parsed.data;
  const answeredAt = body.answeredAt ? new Date(body.answeredAt) : null;
  if (answeredAt && !isAcceptableAnsweredAt(answeredAt, new Date())) {
    return apiProblem(400, "answeredAt must be within the last 30 days and at most 5 minutes ahead", "answeredAt");
  }

  // Anyone may submit; a kiosk, an integration or a staff session is a trusted device.
  const caller = await callerOf({ request, context });
  const outcome = await submitResponse({
    clientId: body.id,
    servicePointCode: body.servicePoint,
    ticketToken: body.ticket ?? null,
    sectorCode: body.sector ?? null,
    locale: body.locale,
    answeredAt,
    rawAnswers: body.answers,
    repeatedKeys: [],
    channel: caller?.role === "kiosk" ? "kiosk" : "api",
    honeypotFilled: false,
    ip: context.clientIp ?? "unknown",
    deviceId: null,
    trusted: can(caller, "responses:submit-trusted"),
  });
  switch (outcome.kind) {
    case "created":
      return Response.json({ id: outcome.clientId }, { status: 201 });
    case "repeat":
      return Response.json({ id: outcome.clientId }, { status: 200 });
    case "invalid": {
      const { field, error } = firstError(outcome.errors);
      return apiProblem(400, error, field);
    }
    case "point_not_found":
      return apiProblem(400, "servicePoint is unknown or inactive", "servicePoint");
    case "ticket_unknown":
      return apiProblem(400, "ticket is unknown, expired or for another service point", "ticket");
    case "ticket_used":
      return apiProblem(409, "ticket has already been used", "ticket");
    case "conflict":
      return apiProblem(409, "id was already used for a different submission", "id");
    case "rate_limited":
      return apiProblem(429, "too many submissions; try again later", undefined, {
        "Retry-After": String(outcome.retryAfterSeconds),
      });
  }
}

export function loader() {
  return apiProblem(405, "use POST", undefined, { Allow: "POST" });
}
