import crypto from "node:crypto";
import { inject } from "vitest";

import { ADMINISTRATIVE_ANSWERS } from "../../setup/submissions";

export { ADMINISTRATIVE_ANSWERS };

/** A complete, valid set of answers to the outpatient questionnaire (BV-KKB, BV-NHI). */
export const HEALTH_ANSWERS = {
  signage: 4,
  procedures: 3,
  facilities: 4,
  staff: 5,
  results: 4,
  overall: 4,
  expectation: 80,
  return: "definitely",
} as const;

export const newClientId = (): string => crypto.randomUUID();

export type Reply = { status: number; contentType: string; text: string; json: unknown };

async function reply(response: Response): Promise<Reply> {
  const text = await response.text();
  const contentType = response.headers.get("Content-Type") ?? "";
  let json: unknown = undefined;
  if (contentType.includes("json")) json = JSON.parse(text);
  return { status: response.status, contentType, text, json };
}

/**
 * POST /api/v1/responses with a JSON body (an object is serialised; a string
 * or bytes are sent as they are), anonymously or with a bearer token.
 */
export async function postResponseJson(body: unknown, contentType = "application/json", bearer?: string): Promise<Reply> {
  const raw = typeof body === "string" || body instanceof Uint8Array ? (body as string | Uint8Array<ArrayBuffer>) : JSON.stringify(body);
  const headers: Record<string, string> = { "Content-Type": contentType };
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  return reply(await fetch(`${inject("baseUrl")}/api/v1/responses`, { method: "POST", headers, body: raw }));
}

/** POST a survey form to /s/CODE as a browser without JavaScript would, not following the redirect. */
export async function postSurveyForm(
  code: string,
  body: string | Uint8Array<ArrayBuffer> | Array<[string, string]>,
  contentType = "application/x-www-form-urlencoded",
): Promise<Reply & { location: string | null }> {
  const raw = Array.isArray(body) ? new URLSearchParams(body).toString() : body;
  const response = await fetch(`${inject("baseUrl")}/s/${code}`, {
    method: "POST",
    headers: { "Content-Type": contentType },
    body: raw,
    redirect: "manual",
  });
  return { ...(await reply(response)), location: response.headers.get("Location") };
}

/** The form fields of a complete administrative survey, as the HTML form names them. */
export function administrativeFormFields(clientId: string, extra: Array<[string, string]> = []): Array<[string, string]> {
  return [
    ["id", clientId],
    ["lang", "vi"],
    ...Object.entries(ADMINISTRATIVE_ANSWERS).map(([key, value]): [string, string] => [`q.${key}`, String(value)]),
    ...extra,
  ];
}

/** The text a citizen reads on an HTML page: tags dropped, entities of the escaped kind decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}
