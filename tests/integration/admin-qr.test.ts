import crypto from "node:crypto";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { afterAll, describe, expect, test } from "vitest";
import { loader as posterPng } from "~/routes/admin.posters.$code[.png]";
import { loader as posterSvg } from "~/routes/admin.posters.$code[.svg]";
import { loader as posterPage } from "~/routes/admin.posters.$code";
import { loader as agencyPosters } from "~/routes/admin.posters.agency.$code";
import { loader as posterList } from "~/routes/admin.posters._index";
import { action as mintAction, loader as ticketsPage } from "~/routes/admin.tickets._index";
import { loader as ticketSheet } from "~/routes/admin.tickets.$batchId";
import { loader as apiQrPng } from "~/routes/api.v1.service-points.$code.qr[.]png";
import { loader as apiQrSvg } from "~/routes/api.v1.service-points.$code.qr[.]svg";
import { action as ticketsApi, loader as ticketsApiGet } from "~/routes/api.v1.tickets";
import { action as responsesApi } from "~/routes/api.v1.responses";
import { loader as surveyPage } from "~/routes/s.$code";
import { env } from "~/env.server";
import { QR_PNG_PIXELS, qrPng, qrSvg } from "~/modules/posters/qr.server";
import { getRequest, postForm, runRoute, signInAs, type StaffSession, routeContext } from "../setup/admin-requests";
import { ADMINISTRATIVE_ANSWERS } from "../setup/submissions";
import { useFreshDatabase } from "../setup/test-database";
import { MS_PER_DAY } from "~/domain/vietnam-time";

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const base = () => env().publicBaseUrl;

/** What a phone's camera reads from a PNG. */
function decodePng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

/** Renders an SVG QR (qrcode's output: a path of unit squares) to pixels and decodes it. */
function decodeSvg(svg: string, scale = 8): string | null {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)![1]);
  const dark = new Set<string>();
  const path = /<path[^>]*stroke="#000000"[^>]*d="([^"]+)"/.exec(svg)![1]!;
  // Commands: M x y (move), h n (run of n dark modules to the right), m dx dy (relative move).
  let x = 0;
  let y = 0;
  for (const [, cmd, a, b] of path.matchAll(/([MmHhVv])\s*(-?[\d.]+)(?:\s+(-?[\d.]+))?/g)) {
    if (cmd === "M") [x, y] = [Number(a), Number(b)];
    else if (cmd === "m") [x, y] = [x + Number(a), y + Number(b)];
    else if (cmd === "h") {
      for (let i = 0; i < Number(a); i++) dark.add(`${x + i},${Math.floor(y)}`);
      x += Number(a);
    }
  }
  const width = size * scale;
  const pixels = new Uint8ClampedArray(width * width * 4);
  for (let py = 0; py < width; py++) {
    for (let px = 0; px < width; px++) {
      const v = dark.has(`${Math.floor(px / scale)},${Math.floor(py / scale)}`) ? 0 : 255;
      pixels.set([v, v, v, 255], (py * width + px) * 4);
    }
  }
  return jsQR(pixels, width, width)?.data ?? null;
}


let admin: StaffSession;
const asAdmin = async () => (admin ??= await signInAs("admin@demo.vn"));

describe("the QR service", () => {
  test("a poster's SVG and PNG both decode to the point's exact survey address", async () => {
    const url = `${base()}/s/TT-DD-01`;
    expect(decodeSvg(await qrSvg(url))).toBe(url);
    const png = await qrPng(url);
    const image = PNG.sync.read(png);
    expect(image.width).toBe(QR_PNG_PIXELS);
    expect(decodePng(png)).toBe(url);
  });

  test("a ticket's address keeps its token through the QR", async () => {
    const url = `${base()}/s/HN-01?t=AbC_d-12xyZ9`;
    expect(decodeSvg(await qrSvg(url, "label"))).toBe(url);
  });
});

describe("posters", () => {
  test("the list groups every point by agency, with poster, SVG and PNG links and a print-all per agency", async () => {
    await db.updateTable("service_points").set({ active: 0 }).where("code", "=", "TT-DD-02").execute();
    try {
      const page = await runRoute(posterList, getRequest("/admin/posters", await asAdmin()));
      expect(page.status).toBe(200);
      const groups = page.data.groups as Array<{ agency: { code: string; depth: number }; points: Array<{ code: string; active: boolean }>; printable: number }>;
      // Agencies in tree order: the provincial centre (no points of its own), then its desks.
      const centre = groups.findIndex((g) => g.agency.code === "ttphvhcc");
      expect(groups[centre]!).toMatchObject({ agency: { depth: 0 }, points: [], printable: 3 });
      expect(groups.slice(centre + 1, centre + 4).map((g) => [g.agency.code, g.agency.depth]).sort()).toEqual([["so-nnmt", 1], ["so-tc", 1], ["so-xd", 1]]);
      const land = groups.find((g) => g.agency.code === "so-nnmt")!;
      expect(land.points.map((p) => [p.code, p.active])).toEqual([["TT-DD-01", true], ["TT-DD-02", false]]);
      expect(groups.flatMap((g) => g.points).length).toBe(10);
    } finally {
      await db.updateTable("service_points").set({ active: 1 }).where("code", "=", "TT-DD-02").execute();
    }
  });

  test("a poster shows the agency, the counter, the address and a QR of it; an unknown code is a 404", async () => {
    const page = await runRoute(posterPage, getRequest("/admin/posters/TT-DD-01", await asAdmin()), { code: "TT-DD-01" });
    expect(page.status).toBe(200);
    expect(page.data.poster).toMatchObject({
      code: "TT-DD-01",
      pointName: "Quầy số 1 — Đất đai",
      agencyName: "Sở Nông nghiệp và Môi trường (quầy đất đai)",
      url: `${base()}/s/TT-DD-01`,
      displayUrl: `${base().replace(/^https?:\/\//, "")}/s/TT-DD-01`,
    });
    expect(decodeSvg(page.data.poster.svg)).toBe(`${base()}/s/TT-DD-01`);
    const missing = await runRoute(posterPage, getRequest("/admin/posters/NOPE", admin), { code: "NOPE" });
    expect(missing.status).toBe(404);
  });

  test("the downloads are attachments named after the point and decode to its address", async () => {
    const svg = await posterSvg({ request: getRequest("/admin/posters/BV-KKB.svg", await asAdmin()), params: { code: "BV-KKB" }, context: routeContext("203.0.113.9") });
    expect(svg.status).toBe(200);
    expect(svg.headers.get("Content-Type")).toMatch(/^image\/svg\+xml/);
    expect(svg.headers.get("Content-Disposition")).toBe('attachment; filename="poster-BV-KKB.svg"');
    expect(decodeSvg(await svg.text())).toBe(`${base()}/s/BV-KKB`);

    const png = await posterPng({ request: getRequest("/admin/posters/BV-KKB.png", admin), params: { code: "BV-KKB" }, context: routeContext("203.0.113.9") });
    expect(png.headers.get("Content-Type")).toBe("image/png");
    expect(png.headers.get("Content-Disposition")).toBe('attachment; filename="poster-BV-KKB.png"');
    expect(decodePng(Buffer.from(await png.arrayBuffer()))).toBe(`${base()}/s/BV-KKB`);

    const missing = await posterPng({ request: getRequest("/admin/posters/X.png", admin), params: { code: "X" }, context: routeContext("203.0.113.9") });
    expect(missing.status).toBe(404);
  });

  test("a download of an unknown point says so in plain words, Vietnamese first, whichever format", async () => {
    const admin = await asAdmin();
    for (const [route, path] of [
      [posterPng, "/admin/posters/X.png"],
      [posterSvg, "/admin/posters/X.svg"],
    ] as const) {
      const missing = await route({ request: getRequest(path, admin), params: { code: "X" }, context: routeContext("203.0.113.9") });
      expect(missing.status).toBe(404);
      expect(missing.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
      expect(await missing.text()).toBe("Không tìm thấy điểm phục vụ / unknown service point\n");
    }
  });

  test("a poster's browser title names the point, in the console's language", async () => {
    const admin = await asAdmin();
    expect((await runRoute(posterPage, getRequest("/admin/posters/TT-DD-01", admin), { code: "TT-DD-01" })).data.title).toBe("Áp phích QR · TT-DD-01");
    expect((await runRoute(posterPage, getRequest("/admin/posters/TT-DD-01?lang=en", admin), { code: "TT-DD-01" })).data.title).toBe("QR poster · TT-DD-01");
  });

  test("an agency's sheet holds a poster for every active point under it, sub-agencies included", async () => {
    const centre = await runRoute(agencyPosters, getRequest("/admin/posters/agency/ttphvhcc", await asAdmin()), { code: "ttphvhcc" });
    expect(centre.data.posters.map((p: { code: string }) => p.code)).toEqual(["TT-DD-01", "TT-DD-02", "TT-DT-01", "TT-XD-01"]);
    const hospital = await runRoute(agencyPosters, getRequest("/admin/posters/agency/bv-hnda", admin), { code: "bv-hnda" });
    expect(hospital.data.posters.map((p: { code: string }) => p.code)).toEqual(["BV-KKB", "BV-NHI"]);
    expect((await runRoute(agencyPosters, getRequest("/admin/posters/agency/none", admin), { code: "none" })).status).toBe(404);
  });

  test("GET /api/v1/service-points/:code/qr.svg and .png: any staff member or token, shown rather than downloaded", async () => {
    const manager = await signInAs("manager.health@demo.vn");
    const svg = await apiQrSvg({ request: getRequest("/api/v1/service-points/HN-01/qr.svg", manager), params: { code: "HN-01" }, context: routeContext("203.0.113.9") });
    expect(svg.headers.get("Content-Type")).toMatch(/^image\/svg\+xml/);
    expect(svg.headers.get("Content-Disposition")).toBeNull();
    expect(decodeSvg(await svg.text())).toBe(`${base()}/s/HN-01`);
    const png = await apiQrPng({ request: getRequest("/api/v1/service-points/HN-01/qr.png", manager), params: { code: "HN-01" }, context: routeContext("203.0.113.9") });
    expect(decodePng(Buffer.from(await png.arrayBuffer()))).toBe(`${base()}/s/HN-01`);

    const missing = await runRoute(apiQrSvg, getRequest("/api/v1/service-points/NOPE/qr.svg", manager), { code: "NOPE" });
    expect(missing).toMatchObject({ status: 404, data: { field: "code" } });
    const anonymous = await runRoute(apiQrPng, getRequest("/api/v1/service-points/HN-01/qr.png"), { code: "HN-01" });
    expect(anonymous.status).toBe(401);
  });

  test("managers and viewers get no poster and no download", async () => {
    for (const email of ["manager.land@demo.vn", "viewer@demo.vn"]) {
      const session = await signInAs(email);
      expect((await runRoute(posterList, getRequest("/admin/posters", session))).status, email).toBe(403);
      expect((await runRoute(posterSvg, getRequest("/admin/posters/TT-DD-01.svg", session), { code: "TT-DD-01" })).status, email).toBe(403);
    }
  });
});

describe("minting a batch of tickets", () => {
  async function batchCount() {
    return Number((await db.selectFrom("ticket_batches").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  }

  test("makes the tickets, a batch and an audit record together, then opens the sheet", async () => {
    const session = await asAdmin();
    const outcome = await runRoute(mintAction, postForm("/admin/tickets", { servicePoint: "HN-01", sector: "construction", count: "40", expiryDays: "30" }, session));
    expect(outcome.status).toBe(303);
    const batchId = Number(/^\/admin\/tickets\/(\d+)$/.exec(outcome.location ?? "")![1]);
    const batch = await db.selectFrom("ticket_batches").selectAll().where("id", "=", batchId).executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ count: 40, created_by: 1 });
    const tickets = await db.selectFrom("tickets").selectAll().where("batch_id", "=", batchId).execute();
    expect(tickets).toHaveLength(40);
    expect(new Set(tickets.map((t) => t.token)).size).toBe(40);
    const construction = await db.selectFrom("sectors").select("id").where("code", "=", "construction").executeTakeFirstOrThrow();
    expect(tickets.every((t) => t.sector_id === construction.id && t.expires_at !== null && t.used_at === null)).toBe(true);
    const days = (Date.parse(tickets[0]!.expires_at!) - Date.now()) / MS_PER_DAY;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    const audit = await db.selectFrom("audit_log").selectAll().where("entity_type", "=", "ticket_batch").where("entity_id", "=", batchId).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: "mint", entity_label: "HN-01 × 40", actor_name: "Quản trị viên", actor_user_id: 1 });
    expect(JSON.parse(audit.after_json!)).toMatchObject({ servicePoint: "HN-01", sector: "construction", count: 40 });

    const sheet = await runRoute(ticketSheet, getRequest(`/admin/tickets/${batchId}`, session), { batchId: String(batchId) });
    expect(sheet.status).toBe(200);
    expect(sheet.data.pages.map((p: unknown[]) => p.length)).toEqual([21, 19]);
    const first = sheet.data.pages[0][0];
    expect(first.url).toBe(`${base()}/s/HN-01?t=${first.token}`);
    expect(decodeSvg(first.svg)).toBe(first.url);

    const list = await runRoute(ticketsPage, getRequest("/admin/tickets", session));
    expect(list.data.batches[0]).toMatchObject({ id: batchId, point: "HN-01", count: 40, used: 0, by: "Quản trị viên" });
  });

  test("a single-sector point needs no sector and its tickets carry that sector", async () => {
    const outcome = await runRoute(mintAction, postForm("/admin/tickets", { servicePoint: "TT-DD-01", sector: "", count: "3", expiryDays: "" }, await asAdmin()));
    expect(outcome.status).toBe(303);
    const batchId = Number(outcome.location!.split("/").pop());
    const tickets = await db.selectFrom("tickets").select(["sector_id", "expires_at"]).where("batch_id", "=", batchId).execute();
    const land = await db.selectFrom("sectors").select("id").where("code", "=", "land").executeTakeFirstOrThrow();
    expect(tickets).toEqual([0, 1, 2].map(() => ({ sector_id: land.id, expires_at: null })));
  });

  test.each([
    ["no point", { servicePoint: "", count: "5" }, { servicePoint: "required" }],
    ["an unknown point", { servicePoint: "NOPE", count: "5" }, { servicePoint: "notFound" }],
    ["no sector for a point serving several", { servicePoint: "HN-01", sector: "", count: "5" }, { sector: "required" }],
    ["a sector the point does not serve", { servicePoint: "HN-01", sector: "health", count: "5" }, { sector: "invalid" }],
    ["an unknown sector", { servicePoint: "TT-DD-01", sector: "<script>", count: "5" }, { sector: "invalid" }],
    ["no count", { servicePoint: "TT-DD-01", count: "" }, { count: "required" }],
    ["a count of 0", { servicePoint: "TT-DD-01", count: "0" }, { count: "tooSmall" }],
    ["a count over 500", { servicePoint: "TT-DD-01", count: "501" }, { count: "tooBig" }],
    ["a fractional count", { servicePoint: "TT-DD-01", count: "2.5" }, { count: "invalid" }],
    ["a count in words", { servicePoint: "TT-DD-01", count: "mười" }, { count: "invalid" }],
    ["a negative expiry", { servicePoint: "TT-DD-01", count: "5", expiryDays: "-1" }, { expiryDays: "tooSmall" }],
    ["an expiry over a year", { servicePoint: "TT-DD-01", count: "5", expiryDays: "9999999999999999999999" }, { expiryDays: "tooBig" }],
  ] as Array<[string, Record<string, string>, Record<string, string>]>)("%s: 400 with the error beside the field, nothing stored", async (_name, fields, expected) => {
    const before = await batchCount();
    const outcome = await runRoute(mintAction, postForm("/admin/tickets", fields, await asAdmin()));
    expect(outcome.status).toBe(400);
    const codes = Object.fromEntries(Object.entries(outcome.data.errors as Record<string, { code: string }>).map(([k, v]) => [k, v.code]));
    expect(codes).toMatchObject(expected);
    expect(outcome.data.values).toMatchObject(fields);
    expect(await batchCount()).toBe(before);
  });

  test("without the anti-forgery token: 403, nothing stored", async () => {
    const before = await batchCount();
    const outcome = await runRoute(mintAction, postForm("/admin/tickets", { servicePoint: "TT-DD-01", count: "5" }, await asAdmin(), { csrf: false }));
    expect(outcome).toMatchObject({ status: 403, data: { kind: "csrf" } });
    expect(await batchCount()).toBe(before);
  });

  test("a manager may not mint: 403, nothing stored", async () => {
    const before = await batchCount();
    const outcome = await runRoute(mintAction, postForm("/admin/tickets", { servicePoint: "TT-DD-01", count: "5" }, await signInAs("manager.land@demo.vn")));
    expect(outcome.status).toBe(403);
    expect(await batchCount()).toBe(before);
  });

  test("an unknown or malformed batch is a 404", async () => {
    const session = await asAdmin();
    for (const batchId of ["999999", "abc", "0", "1e3", "-1"]) {
      expect((await runRoute(ticketSheet, getRequest(`/admin/tickets/${batchId}`, session), { batchId })).status, batchId).toBe(404);
    }
  });
});

/* ------------------------------------------------------------------------ */

async function storeToken(role: "administrator" | "manager" | "viewer" | "integration" | "kiosk"): Promise<string> {
  const secret = `t_${crypto.randomBytes(24).toString("base64url")}`;
  await db
    .insertInto("api_tokens")
    .values({ name: `test ${role}`, token_hash: crypto.createHash("sha256").update(secret).digest("hex"), role, created_by: null })
    .execute();
  return secret;
}

function apiRequest(body: unknown, auth: { token?: string; cookie?: string } = {}, contentType = "application/json"): Request {
  const headers: Record<string, string> = { "Content-Type": contentType };
  if (auth.token) headers.Authorization = `Bearer ${auth.token}`;
  if (auth.cookie) headers.Cookie = auth.cookie;
  return new Request("http://localhost/api/v1/tickets", {
    method: "POST",
    headers,
    body: typeof body === "string" || body instanceof Uint8Array ? (body as string) : JSON.stringify(body),
  });
}

let integration: string;
const integrationToken = async () => (integration ??= await storeToken("integration"));

async function ticketCount() {
  return Number((await db.selectFrom("tickets").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
}

describe("POST /api/v1/tickets", () => {
  test("an integration gets 201 {ticket, url, svg}: a link for that dossier that works exactly once", async () => {
    const reply = await runRoute(ticketsApi, apiRequest({ servicePoint: "TT-DD-01", dossierCode: "000.00.12.H42-251126-0001" }, { token: await integrationToken() }));
    expect(reply.status).toBe(201);
    expect(Object.keys(reply.data).sort()).toEqual(["svg", "ticket", "url"]);
    const { ticket, url, svg } = reply.data as { ticket: string; url: string; svg: string };
    expect(ticket).toMatch(/^[\w-]{12,}$/);
    expect(url).toBe(`${base()}/s/TT-DD-01?t=${ticket}`);
    expect(decodeSvg(svg)).toBe(url);
    const stored = await db.selectFrom("tickets").selectAll().where("token", "=", ticket).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ dossier_code: "000.00.12.H42-251126-0001", batch_id: null, used_at: null });

    // The citizen opens the link and sends the survey: accepted once, then refused.
    const page = await runRoute(surveyPage, getRequest(`/s/TT-DD-01?t=${ticket}`), { code: "TT-DD-01" });
    expect(page.status).toBe(200);
    expect(page.data.ticket).toBe(ticket);
    const submit = () =>
      runRoute(
        responsesApi,
        new Request("http://localhost/api/v1/responses", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ id: crypto.randomUUID(), servicePoint: "TT-DD-01", ticket, locale: "vi", answers: ADMINISTRATIVE_ANSWERS }),
        }),
      );
    expect((await submit()).status).toBe(201);
    const second = await submit();
    expect(second).toMatchObject({ status: 409, data: { field: "ticket" } });
    expect((await runRoute(surveyPage, getRequest(`/s/TT-DD-01?t=${ticket}`), { code: "TT-DD-01" })).status).toBe(409);
    const response = await db.selectFrom("responses").select(["channel", "ticket_id"]).where("ticket_id", "=", stored.id).execute();
    expect(response).toEqual([{ channel: "ticket", ticket_id: stored.id }]);
  });

  test("a multi-sector point's ticket carries the sector asked for; an administrator's session may mint too", async () => {
    const session = await asAdmin();
    const reply = await runRoute(ticketsApi, apiRequest({ servicePoint: "HN-01", sector: "admin" }, { cookie: session.cookie }));
    expect(reply.status).toBe(201);
    const stored = await db
      .selectFrom("tickets as t")
      .innerJoin("sectors as s", "s.id", "t.sector_id")
      .select(["s.code", "t.dossier_code"])
      .where("t.token", "=", reply.data.ticket)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ code: "admin", dossier_code: null });
  });

  test.each([
    ["no servicePoint", {}, "servicePoint"],
    ["servicePoint as a number", { servicePoint: 12 }, "servicePoint"],
    ["servicePoint empty", { servicePoint: "" }, "servicePoint"],
    ["servicePoint with markup", { servicePoint: "<script>alert(1)</script>" }, "servicePoint"],
    ["servicePoint oversized", { servicePoint: "A".repeat(65) }, "servicePoint"],
    ["sector as an array", { servicePoint: "TT-DD-01", sector: ["land"] }, "sector"],
    ["sector null", { servicePoint: "TT-DD-01", sector: null }, "sector"],
    ["an unknown sector", { servicePoint: "TT-DD-01", sector: "space" }, "sector"],
    ["a sector the point does not serve", { servicePoint: "TT-DD-01", sector: "health" }, "sector"],
    ["no sector for a point serving several", { servicePoint: "HN-01" }, "sector"],
    ["dossierCode as a number", { servicePoint: "TT-DD-01", dossierCode: 42 }, "dossierCode"],
    ["dossierCode oversized", { servicePoint: "TT-DD-01", dossierCode: "H".repeat(65) }, "dossierCode"],
    ["dossierCode with a control character", { servicePoint: "TT-DD-01", dossierCode: "HS-1\u0000" }, "dossierCode"],
    ["dossierCode with a newline", { servicePoint: "TT-DD-01", dossierCode: "HS-1\nHS-2" }, "dossierCode"],
    ["dossierCode with markup", { servicePoint: "TT-DD-01", dossierCode: "<img src=x onerror=alert(1)>" }, "dossierCode"],
    ["dossierCode with a right-to-left override", { servicePoint: "TT-DD-01", dossierCode: "HS\u202E1" }, "dossierCode"],
    ["dossierCode empty", { servicePoint: "TT-DD-01", dossierCode: "" }, "dossierCode"],
  ] as Array<[string, Record<string, unknown>, string]>)("%s: 400 naming the field, nothing stored", async (_name, body, field) => {
    const before = await ticketCount();
    const reply = await runRoute(ticketsApi, apiRequest(body, { token: await integrationToken() }));
    expect(reply.status).toBe(400);
    expect(reply.data.field).toBe(field);
    expect(reply.data.error).toMatch(new RegExp(`^${field} `));
    expect(await ticketCount()).toBe(before);
  });

  test("an unknown or inactive point is a 404", async () => {
    const token = await integrationToken();
    expect(await runRoute(ticketsApi, apiRequest({ servicePoint: "NOPE-01" }, { token }))).toMatchObject({ status: 404, data: { field: "servicePoint" } });
    await db.updateTable("service_points").set({ active: 0 }).where("code", "=", "TV-02").execute();
    try {
      expect((await runRoute(ticketsApi, apiRequest({ servicePoint: "TV-02" }, { token }))).status).toBe(404);
    } finally {
      await db.updateTable("service_points").set({ active: 1 }).where("code", "=", "TV-02").execute();
    }
  });

  test("callers: 401 anonymous or with a bad token; 403 for a manager, a viewer or a kiosk; an administrator's token works", async () => {
    const body = { servicePoint: "TT-DD-01" };
    const anonymous = await runRoute(ticketsApi, apiRequest(body));
    expect(anonymous.status).toBe(401);
    expect((await runRoute(ticketsApi, apiRequest(body, { token: "t_not-a-real-token-at-all" }))).status).toBe(401);
    for (const role of ["manager", "viewer", "kiosk"] as const) {
      expect((await runRoute(ticketsApi, apiRequest(body, { token: await storeToken(role) }))).status, role).toBe(403);
    }
    const manager = await signInAs("manager.land@demo.vn");
    expect((await runRoute(ticketsApi, apiRequest(body, { cookie: manager.cookie }))).status).toBe(403);
    expect((await runRoute(ticketsApi, apiRequest(body, { token: await storeToken("administrator") }))).status).toBe(201);
  });

  test("a body that is not one JSON object is refused before anything is stored", async () => {
    const token = await integrationToken();
    const before = await ticketCount();
    expect((await runRoute(ticketsApi, apiRequest("{not json", { token }))).status).toBe(400);
    expect((await runRoute(ticketsApi, apiRequest("[]", { token }))).status).toBe(400);
    expect((await runRoute(ticketsApi, apiRequest("null", { token }))).status).toBe(400);
    expect(await runRoute(ticketsApi, apiRequest('{"servicePoint":"TT-DD-01","servicePoint":"HN-01"}', { token }))).toMatchObject({
      status: 400,
      data: { field: "servicePoint" },
    });
    expect((await runRoute(ticketsApi, apiRequest("servicePoint=TT-DD-01", { token }, "application/x-www-form-urlencoded"))).status).toBe(415);
    expect((await runRoute(ticketsApi, apiRequest(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d]), { token }))).status).toBe(400);
    expect((await runRoute(ticketsApi, apiRequest(JSON.stringify({ servicePoint: "TT-DD-01", pad: "x".repeat(10_000) }), { token }))).status).toBe(413);
    expect(await ticketCount()).toBe(before);
    expect((await runRoute(ticketsApiGet as never, getRequest("/api/v1/tickets"))).status).toBe(405);
  });
});
