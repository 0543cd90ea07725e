import crypto from "node:crypto";

export const SURVEY_CODE = "TT-DD-01";
export const SURVEY_PATH = `/s/${SURVEY_CODE}`;

const COMMENTS = [
  "Cán bộ nhiệt tình, hướng dẫn chu đáo.",
  "Thủ tục nhanh gọn, rất hài lòng.",
  "Phải chờ hơi lâu, cần thêm người tiếp nhận.",
  "Nên niêm yết thủ tục rõ hơn.",
];

const pick = <T>(items: readonly T[]): T => items[crypto.randomInt(items.length)]!;
const score = () => String(1 + crypto.randomInt(5));

/**
 * The signed form-start token of a freshly opened survey. One is reused for
 * every request: it only dates the form, and an old date is what a slow,
 * honest citizen sends anyway.
 */
export async function fetchStartedToken(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}${SURVEY_PATH}`);
  const html = await response.text();
  const input = /<input\b[^>]*\bname="started"[^>]*>/.exec(html)?.[0];
  const value = input ? /\bvalue="([^"]*)"/.exec(input)?.[1] : undefined;
  if (response.status !== 200 || !value) {
    throw new Error(`GET ${SURVEY_PATH} gave ${response.status} without a "started" field`);
  }
  return value;
}

/** One citizen's valid answers to the land counter's questionnaire, as the form posts them. */
export function surveyFormBody(clientId: string, started: string): string {
  return new URLSearchParams({
    id: clientId,
    started,
    lang: "vi",
    website: "",
    "q.signage": score(),
    "q.posted": score(),
    "q.as_posted": score(),
    "q.courtesy": score(),
    "q.guidance": score(),
    "q.result_correct": score(),
    "q.feedback": crypto.randomInt(4) === 0 ? "na" : score(),
    "q.overall": score(),
    "q.visits": pick(["1", "2", "3+"]),
    "q.on_time": pick(["on_time", "late", "not_yet"]),
    "q.submission_channel": pick(["in_person", "online", "post"]),
    "q.comment": pick(COMMENTS),
  }).toString();
}
