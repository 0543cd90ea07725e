import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { revokeKiosk } from "~/modules/kiosks/kiosks.service.server";
import { findQuestionnaire, publishDraft, startDraft, updateQuestion } from "~/modules/questionnaires/questionnaires.service.server";
import { startApp, type AppProcess } from "../setup/app-process";
import { CHROMIUM_ARGS, CHROMIUM_PATH, sidewaysScroll } from "../setup/browser";
import { useFreshDatabase } from "../setup/test-database";
import { wcagViolations } from "./support/axe";
import { createToken } from "./support/callers";

/*
 * Issue 12's tablet, in chromium against the production build with its
 * service worker: pair with the one-time code, lose the network, take five
 * surveys, reload with no network (the kiosk still works), get the network
 * back: exactly five responses, each with the time it was given. A page
 * killed in the middle of its sync still ends with exactly five; a revoked
 * tablet keeps what it queued and says so; the reset leaves nothing of the
 * previous citizen. SQLite and PostgreSQL.
 */

const { db, url } = useFreshDatabase();
const POINT = "TT-DD-01";
let app: AppProcess;
let browser: Browser;
let admin: string;

beforeAll(async () => {
  app = await startApp(url, { env: { PUBLISH_AFTER_DAYS: "366" } });
  admin = await createToken(db, "administrator");
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (/\w*Error\b|"level":[56]0/.test(app?.output() ?? "")) console.log(`server log:\n${app.output()}`);
  await db.destroy();
});

/** What an administrator does at /admin/kiosks, through its API: a kiosk and its one-time code. */
async function registerKiosk(name: string, resetSeconds = 20): Promise<{ id: number; pairingCode: string }> {
  const reply = await fetch(`${app.baseUrl}/api/v1/kiosks`, {
    method: "POST",
    headers: { Authorization: `Bearer ${admin}`, "Content-Type": "application/json" },
    body: JSON.stringify({ servicePoint: POINT, name, resetSeconds }),
  });
  expect(reply.status).toBe(201);
  return (await reply.json()) as { id: number; pairingCode: string };
}

async function tablet(width = 1280, height = 800): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height }, baseURL: app.baseUrl, serviceWorkers: "allow", hasTouch: true });
  return { context, page: await context.newPage() };
}

/** Opens the pairing link (as the QR does), pairs, and waits for the faces and for the service worker to control the page. */
async function pair(page: Page, pairingCode: string): Promise<void> {
  await page.goto(`/kiosk?code=${pairingCode}`);
  const input = page.locator('input[name="pairingCode"]');
  await input.waitFor();
  expect(await input.inputValue()).toBe(pairingCode);
  await page.getByRole("button", { name: "Ghép nối" }).click();
  await page.locator('[data-kiosk="face-5"]').waitFor();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
  // The address no longer holds the spent code.
  expect(new URL(page.url()).search).toBe("");
}

const queued = (page: Page) => page.locator('[data-kiosk="queued"]').textContent().then((t) => Number(t?.trim()));

/** One citizen: a face, then "send now"; returns when the thank-you shows, with the tap's time window. */
async function rate(page: Page, face: number): Promise<{ before: number; after: number }> {
  const before = Date.now();
  await page.locator(`[data-kiosk="face-${face}"]`).click();
  const after = Date.now();
  await page.locator('[data-kiosk="finish"]').click();
  await page.getByRole("heading", { level: 1, name: "Xin cảm ơn Ông/Bà!" }).waitFor();
  await page.getByRole("button", { name: "Người tiếp theo" }).click();
  await page.locator('[data-kiosk="face-5"]').waitFor();
  return { before, after };
}

async function storedBy(kioskId: number) {
  return db
    .selectFrom("responses")
    .select(["id", "client_id", "answered_at", "channel", "questionnaire_version_id"])
    .where("kiosk_id", "=", kioskId)
    .orderBy("answered_at")
    .execute();
}

async function overallScores(responseIds: number[]): Promise<number[]> {
  const rows = await db
    .selectFrom("answers")
    .innerJoin("questions", "questions.id", "answers.question_id")
    .select(["answers.response_id", "answers.score"])
    .where("answers.response_id", "in", responseIds)
    .where("questions.key", "=", "overall")
    .execute();
  return responseIds.map((id) => Number(rows.find((r) => r.response_id === id)!.score));
}

describe("the counter kiosk", () => {
  test("offline: five surveys, a reload without network, then exactly five stored with the times they were given", async () => {
    const kiosk = await registerKiosk("Quầy e2e ngoại tuyến");
    const { context, page } = await tablet();
    await pair(page, kiosk.pairingCode);
    expect(await wcagViolations(page)).toEqual([]);

    await context.setOffline(true);
    const faces = [5, 4, 2, 1, 5];
    const taps = [];
    for (const [i, face] of faces.entries()) {
      taps.push(await rate(page, face));
      expect(await queued(page)).toBe(i + 1);
    }
    await page.getByText("Mất mạng").waitFor();

    // A reload with no network: the service worker serves the kiosk, the queue is still there.
    await page.reload();
    await page.locator('[data-kiosk="face-5"]').waitFor();
    expect(await queued(page)).toBe(5);
    expect(await storedBy(kiosk.id)).toHaveLength(0);

    await context.setOffline(false);
    await expect.poll(() => queued(page), { timeout: 30_000 }).toBe(0);
    const stored = await storedBy(kiosk.id);
    expect(stored).toHaveLength(5);
    expect(new Set(stored.map((r) => r.client_id)).size).toBe(5);
    for (const [i, row] of stored.entries()) {
      const at = new Date(row.answered_at).getTime();
      // Stored with the time of the tap, not of the sync (to the millisecond the clock gives).
      expect(at).toBeGreaterThanOrEqual(taps[i]!.before - 1000);
      expect(at).toBeLessThanOrEqual(taps[i]!.after + 1000);
      expect(row.channel).toBe("kiosk");
    }
    expect(await overallScores(stored.map((r) => r.id))).toEqual(faces);
    await context.close();
  }, 120_000);

  test("a page killed in the middle of its sync, reopened: still exactly five", async () => {
    const kiosk = await registerKiosk("Quầy e2e ngắt giữa chừng");
    const { context, page } = await tablet();
    await pair(page, kiosk.pairingCode);
    await context.setOffline(true);
    for (const face of [1, 2, 3, 4, 5]) await rate(page, face);
    expect(await queued(page)).toBe(5);

    // The network comes back; the third answer reaches the server and is stored, but the page is
    // killed before its reply arrives: the tablet still holds it, and has not deleted it.
    let sent = 0;
    let third: () => void;
    const thirdStored = new Promise<void>((resolve) => (third = resolve));
    await context.route("**/api/v1/responses", async (route) => {
      sent += 1;
      if (sent !== 3) return route.continue();
      await route.fetch();
      third();
      // never answered: the page dies waiting
    });
    await context.setOffline(false);
    await thirdStored;
    await page.close({ runBeforeUnload: false });
    await context.unrouteAll({ behavior: "ignoreErrors" });
    expect(await storedBy(kiosk.id)).toHaveLength(3);

    const reopened = await context.newPage();
    await reopened.goto("/kiosk");
    await reopened.locator('[data-kiosk="face-5"]').waitFor();
    await expect.poll(() => queued(reopened), { timeout: 30_000 }).toBe(0);
    expect(await storedBy(kiosk.id)).toHaveLength(5);
    await context.close();
  }, 120_000);

  test("revoked with three queued: the three stay on the tablet, staff are told, and a new pairing sends them", async () => {
    const kiosk = await registerKiosk("Quầy e2e thu hồi");
    const { context, page } = await tablet(800, 1280);
    await pair(page, kiosk.pairingCode);
    await context.setOffline(true);
    for (const face of [2, 3, 4]) await rate(page, face);
    expect(await queued(page)).toBe(3);

    const revoked = await revokeKiosk(db, { userId: null, name: "e2e" }, kiosk.id);
    expect(revoked.ok).toBe(true);
    await context.setOffline(false);
    await page.getByRole("heading", { level: 1, name: "Máy tính bảng này đã bị thu hồi" }).waitFor({ timeout: 30_000 });
    await page.getByText("Số phiếu chưa gửi còn trên máy: 3.").waitFor();
    expect(await queued(page)).toBe(3);
    expect(await page.locator('[data-kiosk="face-1"]').count()).toBe(0);
    expect(await storedBy(kiosk.id)).toHaveLength(0);
    expect(await wcagViolations(page)).toEqual([]);

    // Reloaded, it is still revoked and still holds them.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Máy tính bảng này đã bị thu hồi" }).waitFor();
    expect(await queued(page)).toBe(3);

    // A replacement kiosk for the same counter: paired on this tablet, it sends the three.
    const replacement = await registerKiosk("Quầy e2e thay thế");
    await page.getByRole("button", { name: "Ghép nối lại bằng mã mới" }).click();
    await page.locator('input[name="pairingCode"]').fill(replacement.pairingCode);
    await page.getByRole("button", { name: "Ghép nối" }).click();
    await page.locator('[data-kiosk="face-5"]').waitFor();
    await expect.poll(() => queued(page), { timeout: 30_000 }).toBe(0);
    expect(await storedBy(replacement.id)).toHaveLength(3);
    await context.close();
  }, 120_000);

  test("the reset leaves nothing of the previous citizen, in the page or behind Back; axe clean on every screen at 390 and 1280 px", async () => {
    const kiosk = await registerKiosk("Quầy e2e làm mới", 5);
    const { context, page } = await tablet();
    await pair(page, kiosk.pairingCode);
    const secret = "Góp ý riêng của người trước 7731";

    await page.locator('[data-kiosk="face-2"]').click();
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Trả lời thêm" }).click();
    expect(await wcagViolations(page)).toEqual([]);
    // Skip to the comment, the last question.
    while ((await page.locator("textarea").count()) === 0) {
      await page.getByRole("button", { name: "Bỏ qua" }).click();
      if ((await page.locator("textarea").count()) === 0 && (await page.getByRole("group").count()) > 0) expect(await wcagViolations(page)).toEqual([]);
    }
    await page.locator("textarea").fill(secret);
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Tiếp" }).click();
    await page.getByRole("heading", { level: 1, name: "Xin cảm ơn Ông/Bà!" }).waitFor();
    expect(await wcagViolations(page)).toEqual([]);

    // The thank-you resets by itself after the kiosk's delay (5 s).
    await page.locator('[data-kiosk="face-5"]').waitFor({ timeout: 15_000 });
    expect(await page.content()).not.toContain(secret);
    expect(await page.content()).not.toContain("Xin cảm ơn");
    // Back leads out of the kiosk (the survey steps are no history entries), never to an earlier screen.
    await page.goBack().catch(() => null);
    expect(await page.content()).not.toContain(secret);
    expect(await page.getByText("Cảm ơn Ông/Bà đã đánh giá!").count()).toBe(0);
    await page.goto("/kiosk");
    await page.locator('[data-kiosk="face-5"]').waitFor();

    await expect.poll(() => queued(page), { timeout: 30_000 }).toBe(0);
    const [row] = await storedBy(kiosk.id);
    const comment = await db
      .selectFrom("answers")
      .innerJoin("questions", "questions.id", "answers.question_id")
      .select("answers.text_value")
      .where("answers.response_id", "=", row!.id)
      .where("questions.key", "=", "comment")
      .executeTakeFirst();
    expect(comment?.text_value).toBe(secret);

    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
      expect(await sidewaysScroll(page)).toBe(0);
      expect(await wcagViolations(page)).toEqual([]);
    }
    await context.close();
  }, 120_000);

  // Last: it publishes a new version of the questionnaire the other tests use.
  test("a questionnaire published while the tablet is offline: earlier answers stored against the version shown, the new one served after the next sync", async () => {
    const kiosk = await registerKiosk("Quầy e2e phiên bản mới");
    const { context, page } = await tablet();
    await pair(page, kiosk.pairingCode);
    const oldWording = "Nhìn chung, Ông/Bà hài lòng thế nào với việc giải quyết thủ tục hành chính lần này?";
    await page.getByRole("heading", { level: 1, name: oldWording }).waitFor();
    const questionnaire = (await findQuestionnaire(db, "tthc"))!;
    const versionId = (version: number) =>
      db.selectFrom("questionnaire_versions").select("id").where("questionnaire_id", "=", questionnaire.id).where("version", "=", version).executeTakeFirstOrThrow().then((r) => r.id);
    const shown = (await db.selectFrom("questionnaire_versions").select(({ fn }) => fn.max("version").as("v")).where("questionnaire_id", "=", questionnaire.id).executeTakeFirstOrThrow()).v as number;

    await context.setOffline(true);
    await rate(page, 4);
    // Published while the tablet has no network: the overall question reworded.
    const actor = { userId: null, name: "e2e" };
    expect((await startDraft(db, actor, questionnaire)).ok).toBe(true);
    const newWording = "Nhìn chung, Ông/Bà hài lòng thế nào với lần giải quyết hồ sơ này?";
    const reworded = await updateQuestion(db, actor, (await findQuestionnaire(db, "tthc"))!, "overall", {
      key: "overall", textVi: newWording, textEn: "Overall, how satisfied are you with how this dossier was handled?", groupKey: null, required: true, type: "scale", allowNA: false, overall: true,
    });
    expect(reworded.ok).toBe(true);
    expect((await publishDraft(db, actor, (await findQuestionnaire(db, "tthc"))!)).ok).toBe(true);
    await rate(page, 3);
    expect(await page.getByRole("heading", { level: 1, name: oldWording }).count()).toBe(1);

    await context.setOffline(false);
    await expect.poll(() => queued(page), { timeout: 30_000 }).toBe(0);
    // The next citizen gets the new wording, and is stored against the new version.
    await page.getByRole("heading", { level: 1, name: newWording }).waitFor({ timeout: 30_000 });
    await rate(page, 5);
    await expect.poll(() => queued(page), { timeout: 30_000 }).toBe(0);
    const stored = await storedBy(kiosk.id);
    expect(stored.map((r) => r.questionnaire_version_id)).toEqual([await versionId(shown), await versionId(shown), await versionId(shown + 1)]);
    expect(await overallScores(stored.map((r) => r.id))).toEqual([4, 3, 5]);
    await context.close();
  }, 120_000);
});
