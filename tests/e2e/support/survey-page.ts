import type { Page, Response } from "playwright-core";

/** What a citizen taps on the administrative-procedures survey, question key → the option's visible label. */
export type Choices = Record<string, string>;

export const VIETNAMESE_CHOICES: Choices = {
  signage: "4 · Hài lòng",
  posted: "4 · Hài lòng",
  as_posted: "5 · Rất hài lòng",
  courtesy: "5 · Rất hài lòng",
  guidance: "3 · Bình thường",
  result_correct: "4 · Hài lòng",
  feedback: "Không ý kiến / Không áp dụng",
  overall: "5 · Rất hài lòng",
  visits: "1 lần",
  on_time: "Đúng hẹn",
  submission_channel: "Trực tuyến trên Cổng Dịch vụ công",
};

export const ENGLISH_CHOICES: Choices = {
  signage: "4 · Satisfied",
  posted: "4 · Satisfied",
  as_posted: "5 · Very satisfied",
  courtesy: "5 · Very satisfied",
  guidance: "3 · Neutral",
  result_correct: "4 · Satisfied",
  feedback: "No opinion / not applicable",
  overall: "5 · Very satisfied",
  visits: "Once",
  on_time: "On time",
  submission_channel: "Online on the Public Service Portal",
};

/** How the stored answers of VIETNAMESE_CHOICES / ENGLISH_CHOICES read in the database. */
export const STORED_CHOICES = {
  signage: 4,
  posted: 4,
  as_posted: 5,
  courtesy: 5,
  guidance: 3,
  result_correct: 4,
  feedback: "na",
  overall: 5,
  visits: "1",
  on_time: "on_time",
  submission_channel: "online",
};

/** The question (fieldset) of a key, as the page numbers and labels it. */
export const question = (page: Page, key: string) => page.locator(`#q-${key}`);

/** Taps each chosen option, question by question. */
export async function choose(page: Page, choices: Choices): Promise<void> {
  for (const [key, label] of Object.entries(choices)) {
    await question(page, key).getByLabel(label, { exact: true }).check();
  }
}

/** Whether the option a citizen chose is still chosen. */
export async function isChosen(page: Page, key: string, label: string): Promise<boolean> {
  return question(page, key).getByLabel(label, { exact: true }).isChecked();
}

export const without = (choices: Choices, ...keys: string[]): Choices =>
  Object.fromEntries(Object.entries(choices).filter(([key]) => !keys.includes(key)));

/** Taps the send button and returns the server's answer to the post (with or without JavaScript). */
export async function send(page: Page, buttonName = "Gửi đánh giá"): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.getByRole("button", { name: buttonName }).click(),
  ]);
  return response;
}

/** The message shown beside a question, or null when there is none. */
export async function errorBeside(page: Page, key: string): Promise<string | null> {
  const message = question(page, key).locator(".field-error");
  return (await message.count()) === 0 ? null : message.textContent();
}
