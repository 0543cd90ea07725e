import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchPhones, type Phone } from "../setup/browser";
import { countResponses, openServerDatabase } from "../setup/server-database";
import { choose, question, send } from "./support/survey-page";
import { wcagViolations } from "./support/axe";

/*
 * The survey is for every citizen: elderly eyes, cheap phones, screen readers.
 * WCAG 2.1 AA as axe-core checks it, plus what axe cannot: tap targets, text
 * size and no sideways scrolling on a 360 px screen.
 */

const SCREENSHOTS = path.resolve("test-results");
const db = openServerDatabase();
let phones: Awaited<ReturnType<typeof launchPhones>>;
beforeAll(async () => {
  phones = await launchPhones();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await phones.close();
  await db.destroy();
});


/** Submits the land counter's survey with nothing answered, which stores nothing and shows every error. */
async function showValidationErrors(page: Page) {
  await page.goto("/s/TT-DD-01");
  expect((await send(page)).status()).toBe(400);
  await page.locator("#error-summary").waitFor();
}

/** The smallest computed font size of any visible element that holds text of its own. */
async function smallestTextSize(page: Page): Promise<{ size: number; text: string }> {
  return page.evaluate(() => {
    let smallest = { size: Infinity, text: "" };
    for (const element of Array.from(document.body.querySelectorAll<HTMLElement>("*"))) {
      const ownText = Array.from(element.childNodes)
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? "")
        .join("")
        .trim();
      if (!ownText || element.closest("[aria-hidden=true], .hp, .skip-link") || element.offsetParent === null) continue;
      const size = parseFloat(getComputedStyle(element).fontSize);
      if (size < smallest.size) smallest = { size, text: ownText.slice(0, 40) };
    }
    return smallest;
  });
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe("no WCAG 2.1 AA violations that axe-core can find", () => {
  describe("on pages a citizen only reads", () => {
    // Looking changes nothing, so these pages share one phone (closed after them).
    let reader: Phone;
    beforeAll(async () => {
      reader = await phones.openPhone();
    });
    afterAll(() => reader.close());

    test.each([
      ["the land counter's survey", "/s/TT-DD-01"],
      ["the survey with a sector chooser", "/s/HN-01"],
      ["the hospital's survey, with a number question", "/s/BV-KKB"],
      ["the English survey", "/s/TT-DD-01?lang=en"],
      ["the list of service points", "/s"],
      ["the page for an unknown code", "/s/NOPE"],
      ["the page for an unknown ticket", "/s/HN-01?t=NOT-A-TICKET"],
    ])("%s", async (_, url) => {
      await reader.page.goto(url);
      expect(await wcagViolations(reader.page)).toEqual([]);
    });
  });

  test("on the survey showing validation errors", () =>
    phones.withPhone({}, async ({ page }) => {
      await showValidationErrors(page);
      expect(await wcagViolations(page)).toEqual([]);
      // Each message is tied to its question, so a screen reader reads it with the question.
      expect(await question(page, "overall").getAttribute("aria-describedby")).toBe("q-overall-error");
      await page.screenshot({ path: path.join(SCREENSHOTS, "survey-errors.png") });
    }));

  test("on the thank-you page after a real submission", () =>
    phones.withPhone({}, async ({ page }) => {
      await page.goto("/s/BV-NHI");
      const clientId = await page.locator('input[name="id"]').inputValue();
      await choose(page, {
        signage: "4 · Hài lòng",
        procedures: "3 · Bình thường",
        facilities: "4 · Hài lòng",
        staff: "5 · Rất hài lòng",
        results: "4 · Hài lòng",
        overall: "4 · Hài lòng",
        return: "Chắc chắn có",
      });
      await page.getByLabel(/bao nhiêu % mong đợi/).fill("85");
      await page.getByRole("button", { name: "Gửi đánh giá" }).click();
      await page.waitForURL(/\/s\/BV-NHI\/thanks/);
      expect(await countResponses(db, { clientId })).toBe(1);
      expect(await wcagViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, "thank-you.png") });
    }));
});

describe("made for older eyes and thumbs on a small phone", () => {
  test("the top of the survey, as a citizen first sees it after scanning the QR", () =>
    phones.withPhone({}, async ({ page }) => {
      await page.goto("/s/TT-DD-01");
      await page.screenshot({ path: path.join(SCREENSHOTS, "survey-top.png") });
      await page.locator("#q-overall").scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SCREENSHOTS, "survey-overall-question.png") });
      expect(await page.getByRole("button", { name: "Gửi đánh giá" }).isVisible()).toBe(true);
    }));

  test.each([["/s/TT-DD-01"], ["/s/HN-01"], ["/s/BV-KKB"]])("every option on %s is a tap target at least 44 px tall", (url) =>
    phones.withPhone({}, async ({ page }) => {
      await page.goto(url);
      const options = page.locator("label.option");
      expect(await options.count()).toBeGreaterThan(10);
      for (const box of await options.evaluateAll((labels) => labels.map((l) => l.getBoundingClientRect().toJSON() as DOMRect))) {
        expect(box.height).toBeGreaterThanOrEqual(44);
        expect(box.width).toBeGreaterThanOrEqual(44);
      }
      const radio = page.locator('input[type="radio"]').first();
      const [optionBox, radioBox] = [await options.first().boundingBox(), await radio.boundingBox()];
      // The whole option is the target: the radio sits inside the tappable label.
      expect(radioBox!.y).toBeGreaterThanOrEqual(optionBox!.y);
      expect(radioBox!.y + radioBox!.height).toBeLessThanOrEqual(optionBox!.y + optionBox!.height);
      for (const target of [page.getByRole("button", { name: "Gửi đánh giá" }), page.getByRole("link", { name: "English" })]) {
        expect((await target.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      }
    }));

  test("no text is smaller than 16 px, on the survey, its errors and the list", () =>
    phones.withPhone({}, async ({ page }) => {
      for (const url of ["/s/HN-01", "/s/BV-KKB", "/s"]) {
        await page.goto(url);
        expect(parseFloat(await page.evaluate(() => getComputedStyle(document.body).fontSize))).toBeGreaterThanOrEqual(16);
        const smallest = await smallestTextSize(page);
        expect(smallest.size, `${url}: "${smallest.text}"`).toBeGreaterThanOrEqual(16);
      }
      await showValidationErrors(page);
      const smallest = await smallestTextSize(page);
      expect(smallest.size, `errors: "${smallest.text}"`).toBeGreaterThanOrEqual(16);
    }));

  test("nothing scrolls sideways on a 360 px screen", () =>
    phones.withPhone({ width: 360 }, async ({ page }) => {
      for (const url of ["/s/TT-DD-01", "/s/HN-01", "/s/BV-KKB", "/s/TT-DD-01?lang=en", "/s", "/s/NOPE", "/s/TT-DD-01/thanks"]) {
        await page.goto(url);
        expect(await horizontalOverflow(page), url).toBe(0);
      }
      await showValidationErrors(page);
      expect(await horizontalOverflow(page), "the survey with errors").toBe(0);
    }));
});
