import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchPhones, sidewaysScroll } from "../setup/browser";
import { openServerDatabase } from "../setup/server-database";
import { signInOnPage } from "./support/admin";
import { wcagViolations } from "./support/axe";

/*
 * An administrator registers a counter kiosk at 1280 and at 390 px, reads its
 * one-time pairing code and QR, pairs it as the tablet would (the API), sees it
 * paired, and revokes it: the tablet's token is refused at once.
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

describe("/admin/kiosks", () => {
  for (const width of [1280, 390]) {
    test(`at ${width} px: register, read the code and QR, pair, revoke — axe clean, no sideways scroll`, async () => {
      await phones.withPhone({ width }, async ({ page }) => {
        const name = `Quầy e2e ${width} ${Date.now()}`;
        await signInOnPage(page, "admin@demo.vn", "/admin/kiosks");
        await page.getByRole("heading", { level: 1, name: "Ki-ốt tại quầy" }).waitFor();
        expect(await wcagViolations(page)).toEqual([]);

        await page.getByRole("link", { name: "Đăng ký ki-ốt" }).click();
        await page.waitForURL(/\/admin\/kiosks\/new$/);
        expect(await wcagViolations(page)).toEqual([]);
        expect(await sidewaysScroll(page)).toBe(0);

        // Without a name: refused beside the field, the typed point kept.
        await page.getByLabel("Điểm phục vụ").selectOption("TT-DD-01");
        await page.getByRole("button", { name: "Đăng ký và lấy mã ghép nối" }).click();
        await page.locator(".error-summary").waitFor();
        expect(await wcagViolations(page)).toEqual([]);

        await page.getByLabel("Tên ki-ốt").fill(name);
        await page.getByLabel("Thời gian tự làm mới (giây)").fill("30");
        await page.getByRole("button", { name: "Đăng ký và lấy mã ghép nối" }).click();
        await page.getByRole("heading", { level: 1, name: `Mã ghép nối cho ki-ốt ${name}` }).waitFor();
        const shown = ((await page.getByTestId("one-time-secret").textContent()) ?? "").trim();
        expect(shown).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
        const qr = page.locator("img[data-kiosk-qr]");
        expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
        expect(await page.getByText(`/kiosk?code=${shown.replace("-", "")}`).isVisible()).toBe(true);
        expect(await wcagViolations(page)).toEqual([]);
        expect(await sidewaysScroll(page)).toBe(0);

        // The tablet pairs with the code as typed.
        const paired = await page.request.post("/api/v1/kiosk/pair", { data: { pairingCode: shown.toLowerCase() } });
        expect(paired.status()).toBe(200);
        const { token } = (await paired.json()) as { token: string };
        const beat = await page.request.post("/api/v1/kiosk/heartbeat", { data: { queued: 2, appVersion: "e2e-1" }, headers: { Authorization: `Bearer ${token}` } });
        expect(beat.status()).toBe(200);

        await page.goto("/admin/kiosks");
        const row = page.locator("tr", { has: page.getByRole("rowheader", { name }) });
        expect(await row.locator("[data-kiosk-status]").getAttribute("data-kiosk-status")).toBe("paired");
        expect(await row.textContent()).toContain("e2e-1");
        expect(await wcagViolations(page)).toEqual([]);
        expect(await sidewaysScroll(page)).toBe(0);

        page.once("dialog", (dialog) => void dialog.accept());
        await row.getByRole("button", { name: `Thu hồi ki-ốt ${name}` }).click();
        await page.waitForURL(/saved=revoked/);
        await page.getByText("Đã thu hồi ki-ốt.").waitFor();
        expect(await page.locator("tr", { has: page.getByRole("rowheader", { name }) }).locator("[data-kiosk-status]").getAttribute("data-kiosk-status")).toBe("revoked");
        expect(await wcagViolations(page)).toEqual([]);

        const refused = await page.request.post("/api/v1/kiosk/heartbeat", { data: { queued: 2, appVersion: "e2e-1" }, headers: { Authorization: `Bearer ${token}` } });
        expect(refused.status()).toBe(401);
        expect(await refused.json()).toEqual({ error: "revoked" });
        const kiosk = await db.selectFrom("kiosks").select(["reset_seconds", "revoked_at"]).where("name", "=", name).executeTakeFirstOrThrow();
        expect(kiosk.reset_seconds).toBe(30);
        expect(kiosk.revoked_at).not.toBeNull();
      });
    });
  }
});
