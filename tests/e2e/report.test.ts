import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { vietnamDate } from "~/domain/vietnam-time";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../setup/browser";
import { openServerDatabase } from "../setup/server-database";
import { staffPage } from "./support/admin";
import { wcagViolations } from "./support/axe";
import { createToken } from "./support/callers";
import { expectA4, pdfPages } from "./support/print";
import { ADMINISTRATIVE_ANSWERS, HEALTH_ANSWERS, newClientId, postResponseJson } from "./support/submissions";

/*
 * The report in chromium: an administrator opens this year's report, prints
 * it to an A4 PDF in which no table row is cut across two pages and no heading
 * is left at the foot of a page, reads it with axe on a laptop and a phone,
 * and downloads the workbook, which opens with the page's figures.
 */

const baseUrl = inject("baseUrl");
const db = openServerDatabase();
const SCREENSHOTS = path.resolve("test-results");
const YEAR = vietnamDate(new Date()).slice(0, 4);
const REPORT = `/dashboard/report?period=${YEAR}`;
let browser: Browser;

beforeAll(async () => {
  // Responses at every service point, so each sector's agency table is long enough to run over pages.
  const kiosk = await createToken(db, "kiosk");
  const points = await db.selectFrom("service_points").select("code").where("active", "=", 1 as never).execute();
  for (const { code } of points) {
    for (const [i, answers] of [ADMINISTRATIVE_ANSWERS, HEALTH_ANSWERS].entries()) {
      const sent = await postResponseJson({ id: newClientId(), servicePoint: code, locale: "vi", answers: { ...answers, overall: 3 + i } }, "application/json", kiosk);
      if (sent.status === 201) break;
    }
  }
  // Dossiers returned today (one late), so the timeliness chart and table have rows.
  const integration = await createToken(db, "integration");
  const hours = (h: number) => new Date(Date.now() + h * 60 * 60 * 1000).toISOString();
  for (const [i, [point, sector, due]] of ([["TT-DD-01", "land", 96], ["TT-DD-01", "land", -1], ["TT-XD-01", "construction", 96]] as const).entries()) {
    const response = await fetch(`${baseUrl}/api/v1/dossiers`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${integration}` },
      body: JSON.stringify({ code: `RP/${process.pid}-${i}`, servicePoint: point, sector, procedure: "Cấp phép xây dựng", receivedAt: hours(-3), dueAt: hours(due), returnedAt: hours(-0.5) }),
    });
    expect(response.status, await response.text()).toBe(201);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await db.destroy();
});

/** The objects of a chromium PDF by number, their streams inflated. */
function pdfObjects(pdf: Buffer): Map<number, string> {
  const text = pdf.toString("latin1");
  const objects = new Map<number, string>();
  for (const m of text.matchAll(/(\d+) 0 obj\b([\s\S]*?)endobj/g)) objects.set(Number(m[1]), m[2]!);
  return objects;
}

/**
 * Each page's link targets, in page order: the URIs of the link annotations
 * its /Annots array names. A marker link that spans a whole table row (added
 * by the test) shows up on two pages exactly when the row was cut.
 */
function linksByPage(pdf: Buffer): string[][] {
  const objects = pdfObjects(pdf);
  const uriOf = (id: number) => /\/URI\s*\(([^)]*)\)/.exec(objects.get(id) ?? "")?.[1] ?? null;
  const pages = [...objects.entries()].filter(([, body]) => /\/Type\s*\/Page(?![s\w])/.test(body));
  // Pages in the order of the page tree's /Kids.
  const kids = [...objects.values()].map((b) => /\/Type\s*\/Pages[\s\S]*?\/Kids\s*\[([^\]]*)\]/.exec(b)?.[1]).find(Boolean);
  const order = kids ? [...kids.matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1])) : pages.map(([id]) => id);
  return order.map((id) => {
    const body = objects.get(id) ?? "";
    const annots = /\/Annots\s*\[([^\]]*)\]/.exec(body)?.[1] ?? (/\/Annots\s+(\d+) 0 R/.exec(body) ? objects.get(Number(/\/Annots\s+(\d+) 0 R/.exec(body)![1]))! : "");
    return [...annots.matchAll(/(\d+) 0 R/g)].map((m) => uriOf(Number(m[1]))).filter((u): u is string => u !== null);
  });
}

/** The pages each marked part (row-N, figure-N) is printed on. */
function partPages(pages: string[][]): Map<string, Set<number>> {
  const on = new Map<string, Set<number>>();
  pages.forEach((links, p) => {
    for (const uri of links.filter((u) => u.startsWith("https://part.invalid/"))) {
      const id = uri.split("/").pop()!;
      on.set(id, (on.get(id) ?? new Set()).add(p));
    }
  });
  return on;
}

describe("the printed report", () => {
  test("prints on A4 pages with every table row and chart whole, each heading on the page of what follows it, nothing past the side", async () => {
    const { page, close } = await staffPage(browser, "admin@demo.vn", REPORT);
    try {
      await page.locator("#sectors-chart").waitFor();
      expect(await page.locator("h1").textContent()).toBe("Báo cáo mức độ hài lòng của người dân, doanh nghiệp");
      // Markers: a thin link down the whole height of each row's first cell and of each chart; one on each
      // heading and one at the top of what follows it.
      const rows = await page.evaluate(() => {
        let n = 0;
        const mark = (box: HTMLElement, id: string) => {
          box.style.position = "relative";
          const marker = document.createElement("a");
          marker.href = `https://part.invalid/${id}`;
          marker.setAttribute("style", "position:absolute;left:0;top:0;bottom:0;width:2px;display:block");
          box.prepend(marker);
        };
        for (const row of document.querySelectorAll<HTMLTableRowElement>(".report table tbody tr")) {
          mark(row.cells[0]!, `row-${n++}`);
        }
        document.querySelectorAll<HTMLElement>(".report figure").forEach((figure, i) => {
          mark(figure, `figure-${i}`);
        });
        document.querySelectorAll<HTMLElement>(".report h2, .report h3, .report h4").forEach((h, i) => {
          const next = h.nextElementSibling as HTMLElement | null;
          if (!next) return;
          const box = next.tagName === "TABLE" ? (next.querySelector("th") as HTMLElement) : next;
          const below = document.createElement("a");
          below.href = `https://next.invalid/${i}`;
          below.setAttribute("style", "display:block;width:2px;height:3px");
          box.prepend(below);
          const marker = document.createElement("a");
          marker.href = `https://heading.invalid/${i}`;
          marker.textContent = h.textContent;
          h.textContent = "";
          h.append(marker);
        });
        return n;
      });
      expect(rows).toBeGreaterThan(15);

      const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
      fs.writeFileSync(path.join(SCREENSHOTS, "report.pdf"), pdf);
      const { count, sizes } = pdfPages(pdf);
      expect(count).toBeGreaterThan(1);
      expectA4(sizes);

      const pages = linksByPage(pdf);
      expect(pages).toHaveLength(count);
      const pagesOf = partPages(pages);
      // Every row is on the PDF, and on one page only: none is cut; nor is a chart.
      expect([...pagesOf.keys()].filter((k) => k.startsWith("row-"))).toHaveLength(rows);
      expect([...pagesOf.entries()].filter(([, on]) => on.size > 1)).toEqual([]);
      // A heading is printed on the page of what follows it.
      const pageOf = (prefix: string) => new Map(pages.flatMap((links, p) => links.filter((u) => u.startsWith(prefix)).map((u) => [u.split("/").pop()!, p] as const)));
      const headings = pageOf("https://heading.invalid/");
      const below = pageOf("https://next.invalid/");
      expect(headings.size).toBeGreaterThan(5);
      for (const [i, p] of headings) expect(below.get(i), `what follows heading ${i}`).toBe(p);

      // The check sees a cut when there is one: rows taller than a page third, allowed to split, are cut.
      await page.addStyleTag({ content: ".report tbody tr, .report tbody th, .report tbody td { break-inside: auto !important; height: 90mm; }" });
      const loose = linksByPage(await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true }));
      expect([...partPages(loose).values()].some((on) => on.size > 1)).toBe(true);
      await page.reload();
      await page.locator("#sectors-chart").waitFor();

      // Printed: no frame, no buttons; the tables' headers repeat by CSS.
      await page.emulateMedia({ media: "print" });
      expect(await page.locator(".dash-header").isVisible()).toBe(false);
      expect(await page.getByRole("button", { name: "In báo cáo" }).isVisible()).toBe(false);
      expect(await page.locator(".report table thead").first().evaluate((e) => getComputedStyle(e).display)).toBe("table-header-group");
      expect(await page.locator(".report tbody tr").first().evaluate((e) => getComputedStyle(e).breakInside)).toBe("avoid");
      // Nothing runs off the side: at the printable width (210 − 24 mm) every table fits.
      await page.setViewportSize({ width: 703, height: 1000 });
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>(".report table, .report figure")]
          .filter((e) => e.getBoundingClientRect().right > 704)
          .map((e) => `${e.dataset.table ?? e.id ?? e.tagName}: ${Math.round(e.getBoundingClientRect().right)} px; ${[...e.querySelectorAll("thead th")].map((th) => Math.round(th.getBoundingClientRect().width)).join(",")}`),
      );
      expect(wide).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, "report-print.png"), fullPage: true });
    } finally {
      await close();
    }
  });

  test.each([1280, 390])("has no WCAG 2.1 AA violation on a %i px screen", async (width) => {
    const { page, close } = await staffPage(browser, "admin@demo.vn", REPORT, width);
    try {
      await page.locator("#sectors-chart").waitFor();
      expect(await wcagViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, `report-${width}.png`), fullPage: true });
    } finally {
      await close();
    }
  });

  test("the workbook downloads from the page and holds the page's figures", async () => {
    const { page, close } = await staffPage(browser, "admin@demo.vn", REPORT);
    try {
      const landFigure = await page.locator("table[data-table=sectors] tr[data-sector=land] [data-figure=estimate]").textContent();
      const landN = await page.locator("table[data-table=sectors] tr[data-sector=land] [data-figure=n]").textContent();
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Tải về Excel (.xlsx)" }).click()]);
      expect(download.suggestedFilename()).toBe(`bao-cao-hai-long-${YEAR}.xlsx`);
      const book = new ExcelJS.Workbook();
      const bytes = fs.readFileSync((await download.path())!);
      await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      expect(book.worksheets.map((s) => s.name)).toEqual(["Thông tin", "Bảng điểm kế hoạch", "Lĩnh vực", "Cơ quan", "Đúng hạn"]);
      const sectors = book.getWorksheet("Lĩnh vực")!;
      let row: ExcelJS.Row | undefined;
      sectors.eachRow((r) => {
        if (r.getCell(1).value === "Đất đai") row = r;
      });
      const figure = row!.getCell(3).value as number;
      expect(`${(figure * 100).toFixed(1).replace(".", ",")}%`).toBe(landFigure);
      expect(row!.getCell(6).value).toBe(Number(landN!.replace(/\./g, "")));
    } finally {
      await close();
    }
  });

  test("the overview links to the report and its workbook", async () => {
    const { page, close } = await staffPage(browser, "viewer@demo.vn", `/dashboard?period=${YEAR}`);
    try {
      expect(await page.locator("a[data-link=report]").getAttribute("href")).toBe(`/dashboard/report?period=${YEAR}`);
      expect(await page.locator("a[data-link=report-xlsx]").getAttribute("href")).toBe(`/dashboard/report.xlsx?period=${YEAR}`);
      await page.locator("a[data-link=report]").click();
      await page.locator("h1").waitFor();
      expect(await page.locator("h1").textContent()).toBe("Báo cáo mức độ hài lòng của người dân, doanh nghiệp");
    } finally {
      await close();
    }
  });
});

