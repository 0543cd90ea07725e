import type { SubmissionRequest } from "~/modules/survey/submission.service.server";

/** A complete, valid set of answers to the administrative-procedures questionnaire (TT-DD-01, HN-01…). */
export const ADMINISTRATIVE_ANSWERS = {
  signage: 4,
  posted: 4,
  as_posted: 5,
  courtesy: 5,
  guidance: 4,
  result_correct: 4,
  feedback: "na",
  overall: 4,
  visits: "1",
  on_time: "on_time",
  submission_channel: "online",
} as const;

/**
 * What a trusted device (a kiosk or an integration) sends for one response to
 * `point`: no rate limits, a fresh client id, Vietnamese; `extra` overrides any field.
 */
export function trustedSubmission(
  point: string,
  rawAnswers: Readonly<Record<string, unknown>>,
  extra: Partial<SubmissionRequest> = {},
): SubmissionRequest {
  return {
    clientId: crypto.randomUUID(),
    servicePointCode: point,
    ticketToken: null,
    sectorCode: null,
    locale: "vi",
    answeredAt: null,
    rawAnswers,
    repeatedKeys: [],
    channel: "api",
    honeypotFilled: false,
    ip: "192.0.2.1",
    deviceId: null,
    submitter: { kind: "trusted_device" },
    ...extra,
  };
}

/**
 * A clock for storing history: a moment an hour after `answeredAt`, so a
 * response answered months ago is received (and its capture time judged) as
 * a kiosk would have sent it then.
 */
export function receivedSoonAfter(answeredAt: string | Date): Date {
  return new Date(new Date(answeredAt).getTime() + 60 * 60 * 1000);
}
