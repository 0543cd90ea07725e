import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchPhones, sidewaysScroll } from "../setup/browser";
import { openServerDatabase } from "../setup/server-database";
import { postAdminForm, signInOnPage } from "./support/admin";
import { getAs, signIn } from "./support/callers";
import { wcagViolations } from "./support/axe";
import { ADMINISTRATIVE_ANSWERS, newClientId, postResponseJson, visibleText } from "./support/submissions";

/*
 * Comment moderation through the production server on a 390 px phone: a
 * citizen's comment with a phone number waits in the land manager's queue
 * masked, is approved (with and without JavaScript) and is stored masked;
 * a viewer reads the queue without buttons; the page fits the phone and
 * passes axe.
 */

const db = openServerDatabase();
let phones: Awaited<ReturnType<typeof launchPhones>>;
beforeAll(async () => {
  phones = await launchPhones();
});
afterAll(async () => {
  await phones.close();
  await db.destroy();
});



/** A land comment sent through the JSON API: its answer id. */
async function commentThroughApi(comment: string): Promise<number> {
  const reply = await postResponseJson({ id: newClientId(), servicePoint: "TT-DD-01", answers: { ...ADMINISTRATIVE_ANSWERS, overall: 2, comment } });
  expect(reply.status, reply.text).toBe(201);
  const row = await db
    .selectFrom("answers as a")
    .innerJoin("questions as q", "q.id", "a.question_id")
    .where("q.type", "=", "text")
    .where("a.text_value", "=", comment)
    .select("a.id")
    .executeTakeFirstOrThrow();
  return row.id;
}

const decisionOf = (answerId: number) => db.selectFrom("comment_moderations").selectAll().where("answer_id", "=", answerId).executeTakeFirst();

describe("a land manager moderating on a phone", () => {
  test.each([
    ["with JavaScript", true],
    ["without JavaScript", false],
  ])("approves a comment with a phone number %s and sees it masked", (_name, javaScriptEnabled) =>
    phones.withPhone({ javaScriptEnabled }, async ({ page }) => {
      const comment = `Hẹn trả 12/11/2026 mà trễ, gọi 0912 345 678 hoặc +84 238 3844 123 không ai nghe (${newClientId().slice(0, 8)}).`;
      const answerId = await commentThroughApi(comment);
      await signInOnPage(page, "manager.land@demo.vn", "/dashboard/moderation");
      // The dashboard's navigation leads here.
      await page.locator("nav.dash-nav").getByRole("link", { name: "Duyệt góp ý" }).waitFor();
      const item = page.locator(`li[data-answer="${answerId}"]`);
      await item.waitFor();
      const shown = await item.getByTestId("masked-text").innerText();
      expect(shown).toContain("[số điện thoại]");
      expect(shown).not.toContain("0912");
      expect(shown).not.toContain("3844");
      expect(shown).toContain("12/11/2026");
      expect(await item.locator("mark.masked").count()).toBe(2);
      expect(await sidewaysScroll(page)).toBe(0);
      // axe runs in the page's JavaScript, which the second phone has switched off.
      if (javaScriptEnabled) expect(await wcagViolations(page)).toEqual([]);

      await Promise.all([page.waitForURL(/done=approve/), item.getByRole("button", { name: "Duyệt công bố" }).click()]);
      await page.getByTestId("moderation-done").waitFor();
      expect(await decisionOf(answerId)).toMatchObject({
        status: "approved",
        masked_text: "Hẹn trả 12/11/2026 mà trễ, gọi [số điện thoại] hoặc [số điện thoại] không ai nghe " + comment.slice(comment.lastIndexOf("(")),
      });
      // Gone from the pending list, shown under approved, masked.
      expect(await page.locator(`li[data-answer="${answerId}"]`).count()).toBe(0);
      await page.getByRole("link", { name: /^Đã duyệt/ }).click();
      const approved = page.locator(`li[data-answer="${answerId}"][data-status="approved"]`);
      await approved.waitFor();
      expect(await approved.getByTestId("masked-text").innerText()).not.toContain("0912");
      expect(await sidewaysScroll(page)).toBe(0);
      if (javaScriptEnabled) expect(await wcagViolations(page)).toEqual([]);
    }),
  );

  test("a viewer reads the queue but gets no buttons, and a post of theirs is refused", async () => {
    const answerId = await commentThroughApi(`Email tôi là lan.nguyen@gmail.com (${newClientId().slice(0, 8)})`);
    const cookie = await signIn("viewer@demo.vn");
    const html = await (await getAs({ cookie }, "/dashboard/moderation")).text();
    expect(html).toContain(`data-answer="${answerId}"`);
    expect(visibleText(html)).toContain("Tài khoản xem chỉ đọc được danh sách");
    expect(html).not.toContain('value="approve"');
    expect(html).not.toContain('name="_csrf"');
    // No page gives a viewer a token for this form; the role is refused before the form is read.
    const post = await postAdminForm(cookie, "/dashboard/moderation", { answerId: String(answerId), decision: "approve" });
    expect(post.status).toBe(403);
    expect(await decisionOf(answerId)).toBeUndefined();
  });
});
