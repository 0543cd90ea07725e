/**
 * The survey's HTML form: field names and how a posted body maps onto a
 * submission. Pure, so the same rules are tested without a server.
 */
export const FORM_FIELDS = {
  clientId: "id",
  started: "started",
  ticket: "t",
  sector: "sector",
  locale: "lang",
  honeypot: "website",
  /** The questionnaire version the form showed, so the answers keep the wording the citizen read. */
  version: "v",
  /** Optional contact for a follow-up case, kept only with the consent box ticked (`1`). */
  contactPhone: "contact_phone",
  contactEmail: "contact_email",
  contactConsent: "contact_consent",
} as const;

/** The form field beside which each contact error is shown (the service names them as the JSON API does). */
export const CONTACT_ERROR_FIELDS: Record<string, string> = {
  "contact.phone": FORM_FIELDS.contactPhone,
  "contact.email": FORM_FIELDS.contactEmail,
  consent: FORM_FIELDS.contactConsent,
  contact: FORM_FIELDS.contactPhone,
};

const ANSWER_PREFIX = "q.";

export function answerFieldName(questionKey: string): string {
  return `${ANSWER_PREFIX}${questionKey}`;
}

export type ParsedSurveyForm = {
  clientId: string | null;
  started: string | null;
  ticket: string | null;
  sector: string | null;
  locale: string | null;
  version: string | null;
  honeypot: string;
  /** The contact fields as typed, and whether the consent box was ticked. */
  contact: { phone: string | null; email: string | null; consent: boolean };
  /** Raw answers by question key, as posted. */
  answers: Record<string, string>;
  /** Fields posted more than once: a form never does that, so it is refused. */
  repeated: string[];
};

export class MalformedFormError extends Error {}

/**
 * Decodes an `application/x-www-form-urlencoded` body. Unlike URLSearchParams,
 * it refuses percent-escapes that are not valid UTF-8 instead of turning them
 * into replacement characters.
 */
export function decodeFormBody(body: string): Array<[string, string]> {
  if (body === "") return [];
  return body.split("&").filter(Boolean).map((pair) => {
    const eq = pair.indexOf("=");
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? "" : pair.slice(eq + 1);
    try {
      return [
        decodeURIComponent(rawName.replace(/\+/g, " ")),
        decodeURIComponent(rawValue.replace(/\+/g, " ")),
      ];
    } catch {
      throw new MalformedFormError("form body is not valid UTF-8 percent-encoding");
    }
  });
}

export function parseSurveyForm(pairs: ReadonlyArray<[string, string]>): ParsedSurveyForm {
  const seen = new Map<string, string>();
  const repeated = new Set<string>();
  for (const [name, value] of pairs) {
    if (seen.has(name)) repeated.add(name);
    else seen.set(name, value);
  }
  const field = (name: string) => {
    const v = seen.get(name);
    return v === undefined || v === "" ? null : v;
  };
  // fromEntries defines own properties, so a field named "q.__proto__" stays an answer key.
  const answers = Object.fromEntries(
    [...seen]
      .filter(([name]) => name.startsWith(ANSWER_PREFIX))
      .map(([name, value]) => [name.slice(ANSWER_PREFIX.length), value]),
  );
  return {
    clientId: field(FORM_FIELDS.clientId),
    started: field(FORM_FIELDS.started),
    ticket: field(FORM_FIELDS.ticket),
    sector: field(FORM_FIELDS.sector),
    locale: field(FORM_FIELDS.locale),
    version: field(FORM_FIELDS.version),
    honeypot: seen.get(FORM_FIELDS.honeypot) ?? "",
    contact: {
      phone: field(FORM_FIELDS.contactPhone),
      email: field(FORM_FIELDS.contactEmail),
      consent: seen.get(FORM_FIELDS.contactConsent) === "1",
    },
    answers,
    repeated: [...repeated],
  };
}

/** The question key behind a repeated answer field, if it is one. */
export function questionKeyOfField(name: string): string | null {
  return name.startsWith(ANSWER_PREFIX) ? name.slice(ANSWER_PREFIX.length) : null;
}
