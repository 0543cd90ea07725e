/**
 * `npm run bench:kiosk`: the kiosk tablet's figures (issue 12), on the
 * production build served on 127.0.0.1 with a freshly seeded SQLite database:
 * - the shell's size: every file the service worker keeps (the /kiosk page and
 *   each script and stylesheet it names), gzipped as the server sends them;
 * - the time from a tap to the next screen, with the CPU throttled 4× (as
 *   Lighthouse's mobile profile does): a face → the offer to continue, and
 *   "send now" → the thank-you, each answer written to IndexedDB first;
 * - Lighthouse's accessibility score of /kiosk (the pairing screen a fresh
 *   browser sees).
 * Prints the figures and writes bench/out/kiosk.json. Run `npm run build` first.
 */
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { chromium } from "playwright-core";
import { prepareEmptyDatabase, retireDemoAccounts } from "./database";
import { runLighthouse } from "./lighthouse";
import { freePort, startServer, stopServer, waitUntilHealthy } from "./processes";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const TAPS = 20;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
};

async function main() {
  if (!fs.existsSync("build/server/index.js")) throw new Error("no production build: run `npm run build` first");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-kiosk-bench-"));
  const databaseUrl = `file:${path.join(dir, "app.db")}`;
  await prepareEmptyDatabase(databaseUrl);
  await retireDemoAccounts(databaseUrl);
  const token = execFileSync("node_modules/.bin/tsx", ["scripts/token-create.ts", "--role", "administrator"], { env: { ...process.env, DATABASE_URL: databaseUrl } })
    .toString()
    .trim()
    .split(/\s+/)
    .at(-1)!;
  const server = startServer({
    name: "the app",
    script: "scripts/start.ts",
    port: await freePort(),
    env: { NODE_ENV: "production", SESSION_SECRET: crypto.randomBytes(32).toString("hex"), DEMO_SEED: "0", DATABASE_URL: databaseUrl, PUBLISH_AFTER_DAYS: "366", LOG_LEVEL: "warn" },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  try {
    await waitUntilHealthy(server);
    const registered = await fetch(`${server.baseUrl}/api/v1/kiosks`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ servicePoint: "TT-DD-01", name: "bench", resetSeconds: 5 }),
    });
    if (registered.status !== 201) throw new Error(`registering a kiosk: HTTP ${registered.status} ${await registered.text()}`);
    const { pairingCode } = (await registered.json()) as { pairingCode: string };

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: server.baseUrl });
    const page = await context.newPage();
    await page.goto(`/kiosk?code=${pairingCode}`);
    await page.getByRole("button", { name: "Ghép nối" }).click();
    await page.locator('[data-kiosk="face-5"]').waitFor();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

    // The shell: what the service worker keeps, each file gzipped as sent.
    const kept = await page.evaluate(async () => {
      const names = (await caches.keys()).filter((n) => n.startsWith("hai-long-kiosk-"));
      const cache = await caches.open(names[0]!);
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    let raw = 0;
    let gzip = 0;
    for (const pathname of kept) {
      const body = Buffer.from(await (await fetch(`${server.baseUrl}${pathname}`)).arrayBuffer());
      raw += body.length;
      gzip += zlib.gzipSync(body, { level: 6 }).length;
    }

    // Tap → next screen with the CPU 4× slower.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    const timeTo = (selector: string, heading: string) =>
      page.evaluate(
        ([selector, heading]) =>
          new Promise<number>((resolve) => {
            const start = performance.now();
            const observer = new MutationObserver(() => {
              if ([...document.querySelectorAll("h1")].some((h) => h.textContent === heading)) {
                observer.disconnect();
                resolve(performance.now() - start);
              }
            });
            observer.observe(document.body, { childList: true, subtree: true, characterData: true });
            (document.querySelector(selector) as HTMLElement).click();
          }),
        [selector, heading] as const,
      );
    const faceToMore: number[] = [];
    const finishToThanks: number[] = [];
    await context.setOffline(true); // measured with the queue growing, as during an outage
    for (let i = 0; i < TAPS; i++) {
      faceToMore.push(await timeTo(`[data-kiosk="face-${(i % 5) + 1}"]`, "Cảm ơn Ông/Bà đã đánh giá!"));
      finishToThanks.push(await timeTo('[data-kiosk="finish"]', "Xin cảm ơn Ông/Bà!"));
      await page.getByRole("button", { name: "Người tiếp theo" }).click();
      await page.locator('[data-kiosk="face-5"]').waitFor();
    }
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    await context.setOffline(false);
    await context.close();

    const lighthouse = await runLighthouse(`${server.baseUrl}/kiosk`);
    const figures = {
      shell: { files: kept.length, rawBytes: raw, gzipBytes: gzip },
      cpuThrottling: 4,
      taps: TAPS,
      faceToNextMs: { median: Math.round(median(faceToMore)), max: Math.round(Math.max(...faceToMore)) },
      finishToThanksMs: { median: Math.round(median(finishToThanks)), max: Math.round(Math.max(...finishToThanks)) },
      lighthouse: lighthouse.ok ? { accessibility: lighthouse.accessibility, performance: lighthouse.performance } : { error: lighthouse.reason },
    };
    fs.mkdirSync("bench/out", { recursive: true });
    fs.writeFileSync("bench/out/kiosk.json", JSON.stringify(figures, null, 2));
    console.log(`kiosk shell: ${kept.length} files, ${(raw / 1024).toFixed(1)} KB, ${(gzip / 1024).toFixed(1)} KB gzip`);
    console.log(`tap → next screen at 4× CPU (median of ${TAPS}): face ${figures.faceToNextMs.median} ms (max ${figures.faceToNextMs.max}), send now → thank-you ${figures.finishToThanksMs.median} ms (max ${figures.finishToThanksMs.max})`);
    console.log(`Lighthouse /kiosk: ${JSON.stringify(figures.lighthouse)}`);
  } finally {
    await browser.close();
    await stopServer(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
