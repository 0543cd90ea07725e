import { afterAll, describe, expect, test } from "vitest";
import type { TokenRole } from "~/domain/enums";
import { issueApiToken, revokeApiToken } from "~/modules/accounts/staff-accounts.service.server";
import { action as kiosksApi } from "~/routes/api.v1.kiosks";
import { action as pairApi } from "~/routes/api.v1.kiosk.pair";
import { action as heartbeatApi } from "~/routes/api.v1.kiosk.heartbeat";
import { action as responsesApi } from "~/routes/api.v1.responses";
import { pairKiosk, registerKiosk, revokeKiosk, issueNewPairingCode } from "~/modules/kiosks/kiosks.service.server";
import { WRONG_PAIRING_CODES_PER_HOUR } from "~/http/rate-limits.server";
import { action as newKioskForm, loader as newKioskPage } from "~/routes/admin.kiosks.new";
import { action as kiosksForm, loader as kiosksPage } from "~/routes/admin.kiosks._index";
import { getRequest, postForm, routeContext, runRoute, signInAs, type StaffSession } from "../setup/admin-requests";
import { ADMINISTRATIVE_ANSWERS } from "../setup/submissions";
import { useFreshDatabase } from "../setup/test-database";
import { findQuestionnaire, publishDraft, startDraft } from "~/modules/questionnaires/questionnaires.service.server";

/*
 * Kiosk pairing, device tokens and kiosk trust (issue 12, server side), on the
 * engine of the project (integration: SQLite; integration-pg: PostgreSQL).
 */

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const system = { userId: null, name: "tests" };
let address = 0;
const freshAddress = () => `198.51.100.${++address}`;

async function token(role: TokenRole): Promise<string> {
  const issued = await issueApiToken(db, system, { name: `kiosk test ${role}`, role, sectors: [], createdBy: null });
  if (!issued.ok) throw new Error(`issuing a ${role} token`);
  return issued.value.secret;
}

type Auth = { bearer?: string; session?: StaffSession; origin?: string; ip?: string };
type Route = (args: { request: Request; params: Record<string, string>; context: any }) => Promise<unknown>;

/** POSTs `body` (an object, or raw text) as JSON to a route; its status and JSON. */
async function post(route: Route, path: string, body: unknown, auth: Auth = {}, contentType = "application/json") {
  const headers: Record<string, string> = { "Content-Type": contentType };
  if (auth.bearer) headers.Authorization = `Bearer ${auth.bearer}`;
  if (auth.session) headers.Cookie = auth.session.cookie;
  if (auth.origin) headers.Origin = auth.origin;
  const request = new Request(`http://localhost${path}`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
  let result: unknown;
  try {
    result = await route({ request, params: {}, context: routeContext(auth.ip ?? freshAddress()) });
  } catch (thrown) {
    result = thrown;
  }
  const response = result as Response;
  return { status: response.status, json: (await response.json()) as any };
}

const register = (body: unknown, auth: Auth) => post(kiosksApi, "/api/v1/kiosks", body, auth);
const pair = (body: unknown, ip?: string) => post(pairApi, "/api/v1/kiosk/pair", body, { ip });
const heartbeat = (body: unknown, bearer?: string) => post(heartbeatApi, "/api/v1/kiosk/heartbeat", body, { bearer });
const respond = (body: unknown, bearer?: string) => post(responsesApi, "/api/v1/responses", body, { bearer });

let adminToken: string | undefined;
const admin = async () => (adminToken ??= await token("administrator"));

/** A kiosk registered at `point` and paired: its id and device token. */
async function pairedKiosk(point = "TT-DD-01", name = "Quầy 1") {
  const made = await register({ servicePoint: point, name }, { bearer: await admin() });
  expect(made.status).toBe(201);
  const paired = await pair({ pairingCode: made.json.pairingCode });
  expect(paired.status).toBe(200);
  return { id: made.json.id as number, token: paired.json.token as string };
}

function submission(servicePoint: string, extra: Record<string, unknown> = {}) {
  return { id: crypto.randomUUID(), servicePoint, locale: "vi", answers: ADMINISTRATIVE_ANSWERS, ...extra };
}

const stored = (clientId: string) =>
  db.selectFrom("responses").select(["flagged", "flag_reason", "channel", "kiosk_id", "answered_at"]).where("client_id", "=", clientId).executeTakeFirstOrThrow();
const kioskRow = (id: number) => db.selectFrom("kiosks").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("POST /api/v1/kiosks", () => {
  test("an administrator's token registers a kiosk: 201 with an 8-character one-time code; audited; only its hash stored", async () => {
    const reply = await register({ servicePoint: "TT-DD-01", name: "Quầy tiếp nhận 3", resetSeconds: 30 }, { bearer: await admin() });
    expect(reply.status).toBe(201);
    expect(reply.json.pairingCode).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    expect(reply.json.pairingUrl).toContain(`/kiosk?code=${reply.json.pairingCode}`);
    const row = await kioskRow(reply.json.id);
    expect(row).toMatchObject({ name: "Quầy tiếp nhận 3", reset_seconds: 30, api_token_id: null, revoked_at: null });
    expect(row.pairing_code_hash).not.toContain(reply.json.pairingCode);
    const audit = await db.selectFrom("audit_log").selectAll().where("entity_type", "=", "kiosk").where("entity_id", "=", reply.json.id).execute();
    expect(audit.map((a) => a.action)).toEqual(["create"]);
    expect(JSON.stringify(audit)).not.toContain(reply.json.pairingCode);
  });

  test("the reset delay defaults to 20 seconds", async () => {
    const reply = await register({ servicePoint: "TT-DD-01", name: "Quầy mặc định" }, { bearer: await admin() });
    expect((await kioskRow(reply.json.id)).reset_seconds).toBe(20);
  });

  test("bad input: 400 naming the field, never 500, nothing stored", async () => {
    const bearer = await admin();
    const before = (await db.selectFrom("kiosks").select("id").execute()).length;
    const cases: Array<[unknown, string]> = [
      [{ name: "Quầy" }, "servicePoint"],
      [{ servicePoint: "TT-DD-01" }, "name"],
      [{ servicePoint: "TT-DD-01", name: "" }, "name"],
      [{ servicePoint: "TT-DD-01", name: "x".repeat(121) }, "name"],
      [{ servicePoint: "TT-DD-01", name: "Quầy\u0000 1" }, "name"],
      [{ servicePoint: "TT-DD-01", name: "Quầy\n1" }, "name"],
      [{ servicePoint: "TT-DD-01", name: ["a"] }, "name"],
      [{ servicePoint: "TT-DD-01'; DROP TABLE kiosks;--", name: "a" }, "servicePoint"],
      [{ servicePoint: "TT-DD-01\u0000", name: "a" }, "servicePoint"],
      [{ servicePoint: "NOPE-99", name: "a" }, "servicePoint"],
      [{ servicePoint: "TT-DD-01", name: "a", resetSeconds: 4 }, "resetSeconds"],
      [{ servicePoint: "TT-DD-01", name: "a", resetSeconds: 301 }, "resetSeconds"],
      [{ servicePoint: "TT-DD-01", name: "a", resetSeconds: 20.5 }, "resetSeconds"],
      [{ servicePoint: "TT-DD-01", name: "a", resetSeconds: "20" }, "resetSeconds"],
      [{ servicePoint: "TT-DD-01", name: "a", admin: true }, "admin"],
    ];
    for (const [body, field] of cases) {
      const reply = await register(body, { bearer });
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.json.field, JSON.stringify(body)).toBe(field);
    }
    expect((await register("{not json", { bearer })).status).toBe(400);
    expect((await register("[]", { bearer })).status).toBe(400);
    expect((await register(`{"servicePoint":"TT-DD-01","name":"a","name":"b"}`, { bearer })).status).toBe(400);
    expect((await register({ servicePoint: "TT-DD-01", name: "a".repeat(5000) }, { bearer })).status).toBe(413);
    expect((await post(kiosksApi, "/api/v1/kiosks", "servicePoint=TT-DD-01", { bearer }, "application/x-www-form-urlencoded")).status).toBe(415);
    expect((await db.selectFrom("kiosks").select("id").execute()).length).toBe(before);
  });

  test("callers: 401 anonymous, 403 for a manager, viewer, integration or kiosk token and for a manager's session; forged origin 403", async () => {
    const body = { servicePoint: "TT-DD-01", name: "Quầy" };
    expect((await register(body, {})).status).toBe(401);
    for (const role of ["manager", "viewer", "integration", "kiosk"] as const) {
      expect((await register(body, { bearer: await token(role) })).status, role).toBe(403);
    }
    expect((await register(body, { session: await signInAs("manager.land@demo.vn") })).status).toBe(403);
    const adminSession = await signInAs("admin@demo.vn");
    expect((await register(body, { session: adminSession, origin: "https://evil.example" })).status).toBe(403);
    expect((await register(body, { session: adminSession, origin: "http://localhost" })).status).toBe(201);
  });
});

describe("POST /api/v1/kiosk/pair", () => {
  test("a code pairs once: the tablet gets a kiosk token (only its hash kept) and its kiosk; a second use is a 404", async () => {
    const made = await register({ servicePoint: "TT-DD-01", name: "Quầy 2", resetSeconds: 45 }, { bearer: await admin() });
    const code: string = made.json.pairingCode;
    const reply = await pair({ pairingCode: `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}` });
    expect(reply.status).toBe(200);
    expect(reply.json.kiosk).toMatchObject({ id: made.json.id, name: "Quầy 2", resetSeconds: 45, servicePoint: { code: "TT-DD-01" } });
    expect(reply.json.token).toMatch(/^hlk_/);
    const row = await kioskRow(made.json.id);
    expect(row.pairing_code_hash).toBeNull();
    const tokenRow = await db.selectFrom("api_tokens").selectAll().where("id", "=", row.api_token_id!).executeTakeFirstOrThrow();
    expect(tokenRow.role).toBe("kiosk");
    expect(tokenRow.token_hash).not.toBe(reply.json.token);
    const again = await pair({ pairingCode: code });
    expect(again.status).toBe(404);
    expect(again.json).toMatchObject({ field: "pairingCode" });
  });

  test("two pairings with one code at once: exactly one token", async () => {
    const made = await register({ servicePoint: "TT-DD-01", name: "Quầy đua" }, { bearer: await admin() });
    const replies = await Promise.all(Array.from({ length: 4 }, () => pair({ pairingCode: made.json.pairingCode })));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 404, 404, 404]);
    const tokens = await db.selectFrom("api_tokens").select("id").where("name", "=", "kiosk: Quầy đua").execute();
    expect(tokens).toHaveLength(1);
    expect((await kioskRow(made.json.id)).api_token_id).toBe(tokens[0]!.id);
  });

  test("an expired code is a 400 that says so", async () => {
    const made = await registerKiosk(db, system, { servicePoint: "TT-DD-01", name: "Quầy cũ", resetSeconds: 20 }, new Date(Date.now() - 25 * 3600_000));
    if (!made.ok) throw new Error("registering");
    const reply = await pair({ pairingCode: made.value.pairingCode });
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatch(/expired/);
    expect((await kioskRow(made.value.id)).api_token_id).toBeNull();
  });

  test("malformed codes are a 400 before any look-up; bad bodies 400/413/415, never 500", async () => {
    for (const pairingCode of ["", "ABC", "ABCDEFG0", "ABCDEFGI", "ABCD EFGH IJ", "A\u0000BCDEFGH", "<script>", "x".repeat(41)]) {
      expect((await pair({ pairingCode })).status, pairingCode).toBe(400);
    }
    expect((await pair({ pairingCode: 12345678 })).status).toBe(400);
    expect((await pair({})).json).toMatchObject({ field: "pairingCode" });
    expect((await pair("{")).status).toBe(400);
    expect((await pair("null")).status).toBe(400);
    expect((await pair({ pairingCode: "A".repeat(2000) })).status).toBe(413);
    expect((await post(pairApi, "/api/v1/kiosk/pair", "pairingCode=ABCDEFGH", {}, "text/plain")).status).toBe(415);
  });

  test(`wrong codes are limited per address: after ${WRONG_PAIRING_CODES_PER_HOUR} a 429, while another address still pairs`, async () => {
    const ip = "192.0.2.77";
    for (let i = 0; i < WRONG_PAIRING_CODES_PER_HOUR; i++) expect((await pair({ pairingCode: "ZZZZZZZZ" }, ip)).status).toBe(404);
    const made = await register({ servicePoint: "TT-DD-01", name: "Quầy sau giới hạn" }, { bearer: await admin() });
    expect((await pair({ pairingCode: made.json.pairingCode }, ip)).status).toBe(429);
    expect((await pair({ pairingCode: made.json.pairingCode }, "192.0.2.78")).status).toBe(200);
  });
});

describe("POST /api/v1/kiosk/heartbeat", () => {
  test("records last contact, queued count and app version", async () => {
    const kiosk = await pairedKiosk("TT-DD-01", "Quầy nhịp");
    const reply = await heartbeat({ queued: 3, appVersion: "1.4.2" }, kiosk.token);
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ revoked: false, kiosk: { id: kiosk.id, name: "Quầy nhịp", servicePoint: { code: "TT-DD-01" }, resetSeconds: 20 } });
    const row = await kioskRow(kiosk.id);
    expect(row).toMatchObject({ last_queued: 3, last_app_version: "1.4.2" });
    expect(row.last_contact_at).not.toBeNull();
  });

  test("bad input 400; no token 401; a token that is no paired kiosk 403", async () => {
    const kiosk = await pairedKiosk("TT-DD-01", "Quầy nhịp 2");
    for (const body of [{}, { queued: -1, appVersion: "1" }, { queued: 1.5, appVersion: "1" }, { queued: "3", appVersion: "1" }, { queued: 1, appVersion: "x".repeat(41) }, { queued: 1, appVersion: "1\u0000" }, { queued: 1, appVersion: "" }]) {
      expect((await heartbeat(body, kiosk.token)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await heartbeat("{oops", kiosk.token)).status).toBe(400);
    expect((await heartbeat({ queued: 1, appVersion: "1" })).status).toBe(401);
    expect((await heartbeat({ queued: 1, appVersion: "1" }, "hlk_not-a-real-token-at-all")).status).toBe(401);
    expect((await heartbeat({ queued: 1, appVersion: "1" }, await token("kiosk"))).status).toBe(403);
    expect((await heartbeat({ queued: 1, appVersion: "1" }, await admin())).status).toBe(403);
  });
});

describe("a paired kiosk on POST /api/v1/responses", () => {
  test("a trusted device: channel kiosk, an old answeredAt accepted, its own point only (another point 403), contact recorded", async () => {
    const kiosk = await pairedKiosk("TT-DD-01", "Quầy gửi");
    const old = submission("TT-DD-01", { answeredAt: new Date(Date.now() - 3 * 24 * 3600_000).toISOString() });
    expect((await respond(old, kiosk.token)).status).toBe(201);
    expect(await stored(old.id)).toMatchObject({ channel: "kiosk", kiosk_id: kiosk.id, flagged: 0 });
    expect((await kioskRow(kiosk.id)).last_contact_at).not.toBeNull();
    const elsewhere = submission("HN-01");
    const refused = await respond(elsewhere, kiosk.token);
    expect(refused.status).toBe(403);
    expect(refused.json.field).toBe("servicePoint");
    expect(await db.selectFrom("responses").select("id").where("client_id", "=", elsewhere.id).executeTakeFirst()).toBeUndefined();
  });

  test("revoked: 401 {error: revoked} on responses and heartbeat at once; revoking is audited", async () => {
    const kiosk = await pairedKiosk("TT-DD-01", "Quầy thu hồi");
    expect((await revokeKiosk(db, system, kiosk.id)).ok).toBe(true);
    const body = submission("TT-DD-01");
    expect(await respond(body, kiosk.token)).toEqual({ status: 401, json: { error: "revoked" } });
    // Told before the body is judged: the tablet drops nothing from its queue for a 400 it would never have got.
    expect(await respond("{broken", kiosk.token)).toEqual({ status: 401, json: { error: "revoked" } });
    expect(await heartbeat({ queued: 3, appVersion: "1" }, kiosk.token)).toEqual({ status: 401, json: { error: "revoked" } });
    expect(await db.selectFrom("responses").select("id").where("client_id", "=", body.id).executeTakeFirst()).toBeUndefined();
    const actions = await db.selectFrom("audit_log").select("action").where("entity_type", "=", "kiosk").where("entity_id", "=", kiosk.id).orderBy("id").execute();
    expect(actions.map((a) => a.action)).toEqual(["create", "pair", "revoke"]);
    expect((await issueNewPairingCode(db, system, kiosk.id)).ok).toBe(false);
  });

  test("revoking the kiosk's token from /admin/tokens revokes the kiosk: told revoked, listed revoked, no new code", async () => {
    const kiosk = await pairedKiosk("TT-DD-01", "Quầy thu hồi khoá");
    const tokenId = (await kioskRow(kiosk.id)).api_token_id!;
    expect((await revokeApiToken(db, system, tokenId)).ok).toBe(true);
    expect(await heartbeat({ queued: 1, appVersion: "1" }, kiosk.token)).toEqual({ status: 401, json: { error: "revoked" } });
    const session = await signInAs("admin@demo.vn");
    const list = await runRoute(kiosksPage, getRequest("/admin/kiosks", session));
    expect(list.data.kiosks.find((k: { id: number }) => k.id === kiosk.id).status).toBe("revoked");
    expect((await issueNewPairingCode(db, system, kiosk.id)).ok).toBe(false);
  });

  test("a new pairing code stops the old tablet's token and pairs the new tablet", async () => {
    const kiosk = await pairedKiosk("TT-DD-01", "Quầy thay máy");
    const issued = await issueNewPairingCode(db, system, kiosk.id);
    if (!issued.ok) throw new Error("new code");
    expect((await heartbeat({ queued: 0, appVersion: "1" }, kiosk.token)).json).toEqual({ error: "revoked" });
    const paired = await pairKiosk(db, issued.value.pairingCode);
    expect(paired.kind).toBe("paired");
    if (paired.kind !== "paired") return;
    expect((await heartbeat({ queued: 0, appVersion: "2" }, paired.token)).status).toBe(200);
  });

  test("kiosk burst goes by answeredAt: 7 answered in one minute are flagged, 7 answered minutes apart and synced at once are not", async () => {
    const apart = await pairedKiosk("TT-DD-01", "Quầy ngoại tuyến");
    const base = Date.now() - 3 * 3600_000;
    const queued = Array.from({ length: 7 }, (_, i) => submission("TT-DD-01", { answeredAt: new Date(base + i * 3 * 60_000).toISOString() }));
    for (const body of queued) expect((await respond(body, apart.token)).status).toBe(201);
    for (const body of queued) expect((await stored(body.id)).flagged).toBe(0);

    const busy = await pairedKiosk("TT-DD-01", "Quầy dồn dập");
    const burst = Array.from({ length: 7 }, (_, i) => submission("TT-DD-01", { answeredAt: new Date(base + i * 5_000).toISOString() }));
    for (const body of burst) expect((await respond(body, busy.token)).status).toBe(201);
    const reasons = await Promise.all(burst.map(async (b) => (await stored(b.id)).flag_reason));
    expect(reasons.slice(0, 6)).toEqual([null, null, null, null, null, null]);
    expect(reasons[6]).toBe("kiosk_burst");
  });

  test("a kiosk token made with token:create (not paired) keeps working as before: any point, not burst-counted", async () => {
    const bearer = await token("kiosk");
    const base = Date.now() - 3600_000;
    const bodies = Array.from({ length: 8 }, (_, i) => submission(i % 2 ? "TV-02" : "TT-DD-01", { answeredAt: new Date(base + i * 1000).toISOString() }));
    for (const body of bodies) expect((await respond(body, bearer)).status).toBe(201);
    for (const body of bodies) expect(await stored(body.id)).toMatchObject({ channel: "kiosk", kiosk_id: null, flagged: 0 });
  });
});

describe("/admin/kiosks (plain forms)", () => {
  test("an administrator registers a kiosk: 201 with the grouped code and its QR, never cached; the list shows it waiting", async () => {
    const session = await signInAs("admin@demo.vn");
    expect((await runRoute(newKioskPage, getRequest("/admin/kiosks/new", session))).status).toBe(200);
    const reply = await runRoute(newKioskForm, postForm("/admin/kiosks/new", { name: "Quầy biểu mẫu", servicePoint: "TT-DD-01", resetSeconds: "30" }, session));
    expect(reply.status).toBe(201);
    expect(reply.data.issued.code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(reply.data.issued.qrDataUri).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(reply.data.issued.url).toContain(`/kiosk?code=${reply.data.issued.code.replace("-", "")}`);
    const list = await runRoute(kiosksPage, getRequest("/admin/kiosks", session));
    expect(list.data.kiosks.find((k: { name: string }) => k.name === "Quầy biểu mẫu")).toMatchObject({ status: "waiting", lastContactAt: null });
  });

  test("bad form input re-renders with the errors (400), never 500: missing, NUL, unknown point, delay out of range", async () => {
    const session = await signInAs("admin@demo.vn");
    const cases: Array<[Record<string, string>, string]> = [
      [{ name: "", servicePoint: "TT-DD-01", resetSeconds: "20" }, "name"],
      [{ name: "Quầy", servicePoint: "NOPE-1", resetSeconds: "20" }, "servicePoint"],
      [{ name: "Quầy", servicePoint: "TT-DD-01", resetSeconds: "3" }, "resetSeconds"],
      [{ name: "Quầy", servicePoint: "TT-DD-01", resetSeconds: "abc" }, "resetSeconds"],
      [{ name: "Quầy\n<img src=x onerror=alert(1)>", servicePoint: "TT-DD-01", resetSeconds: "20" }, "name"],
    ];
    for (const [fields, field] of cases) {
      const reply = await runRoute(newKioskForm, postForm("/admin/kiosks/new", fields, session));
      expect(reply.status, JSON.stringify(fields)).toBe(400);
      expect(Object.keys(reply.data.errors), JSON.stringify(fields)).toContain(field);
    }
    expect((await runRoute(newKioskForm, postForm("/admin/kiosks/new", { name: "a\u0000b", servicePoint: "TT-DD-01" }, session))).status).toBe(400);
  });

  test("forged origin or a missing anti-forgery token: 403, nothing stored; a manager: 403", async () => {
    const session = await signInAs("admin@demo.vn");
    const before = (await db.selectFrom("kiosks").select("id").execute()).length;
    const fields = { name: "Quầy giả mạo", servicePoint: "TT-DD-01", resetSeconds: "20" };
    expect((await runRoute(newKioskForm, postForm("/admin/kiosks/new", fields, session, { origin: "https://evil.example" }))).status).toBe(403);
    expect((await runRoute(newKioskForm, postForm("/admin/kiosks/new", fields, session, { csrf: false }))).status).toBe(403);
    const manager = await signInAs("manager.land@demo.vn");
    expect((await runRoute(newKioskForm, postForm("/admin/kiosks/new", fields, manager))).status).toBe(403);
    expect((await runRoute(kiosksPage, getRequest("/admin/kiosks", manager))).status).toBe(403);
    const kiosk = await pairedKiosk("TT-DD-01", "Quầy bị nhắm");
    expect((await runRoute(kiosksForm, postForm("/admin/kiosks", { intent: "revoke", id: String(kiosk.id) }, session, { origin: "https://evil.example" }))).status).toBe(403);
    expect((await runRoute(kiosksForm, postForm("/admin/kiosks", { intent: "revoke", id: String(kiosk.id) }, manager))).status).toBe(403);
    expect((await heartbeat({ queued: 0, appVersion: "1" }, kiosk.token)).status).toBe(200);
    expect((await db.selectFrom("kiosks").select("id").execute()).length).toBe(before + 1);
  });

  test("revoke and new code through the list's buttons; an unknown kiosk 404, a bad intent 400", async () => {
    const session = await signInAs("admin@demo.vn");
    const kiosk = await pairedKiosk("TT-DD-01", "Quầy nút bấm");
    expect((await runRoute(kiosksPage, getRequest("/admin/kiosks", session))).data.kiosks.find((k: { id: number }) => k.id === kiosk.id).status).toBe("paired");
    const fresh = await runRoute(kiosksForm, postForm("/admin/kiosks", { intent: "newCode", id: String(kiosk.id) }, session));
    expect(fresh.status).toBe(200);
    expect(fresh.data.issued.code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect((await heartbeat({ queued: 0, appVersion: "1" }, kiosk.token)).status).toBe(401);
    const revoked = await runRoute(kiosksForm, postForm("/admin/kiosks", { intent: "revoke", id: String(kiosk.id) }, session));
    expect(revoked).toMatchObject({ status: 303, location: "/admin/kiosks?saved=revoked" });
    expect((await pair({ pairingCode: fresh.data.issued.code })).status).toBe(404);
    expect((await runRoute(kiosksForm, postForm("/admin/kiosks", { intent: "revoke", id: "999999" }, session))).status).toBe(404);
    expect((await runRoute(kiosksForm, postForm("/admin/kiosks", { intent: "explode", id: String(kiosk.id) }, session))).status).toBe(400);
    expect((await runRoute(kiosksForm, postForm("/admin/kiosks", { intent: "revoke", id: "1; DROP TABLE kiosks" }, session))).status).toBe(400);
  });
});

describe("a kiosk's partial answers and the version it showed (issue 12)", () => {
  const overallOnly = (extra: Record<string, unknown> = {}) => ({ id: crypto.randomUUID(), servicePoint: "TT-DD-01", locale: "vi", answers: { overall: 2 }, ...extra });
  const answerKeys = async (clientId: string) =>
    (
      await db
        .selectFrom("answers")
        .innerJoin("responses", "responses.id", "answers.response_id")
        .innerJoin("questions", "questions.id", "answers.question_id")
        .select("questions.key")
        .where("responses.client_id", "=", clientId)
        .execute()
    ).map((r) => r.key);

  test("a paired kiosk's single tap (the overall question alone) is stored; a repeat is 200", async () => {
    const { token: device } = await pairedKiosk("TT-DD-01", "Quầy một chạm");
    const body = overallOnly();
    expect(await respond(body, device)).toMatchObject({ status: 201, json: { id: body.id } });
    expect(await answerKeys(body.id)).toEqual(["overall"]);
    expect((await stored(body.id)).channel).toBe("kiosk");
    expect(await respond(body, device)).toMatchObject({ status: 200, json: { id: body.id } });
  });

  test("partial with some optional answers: each is still checked; the overall one stays required", async () => {
    const { token: device } = await pairedKiosk("TT-DD-01", "Quầy một phần");
    const some = overallOnly({ answers: { overall: 5, courtesy: 4, visits: "1" } });
    expect((await respond(some, device)).status).toBe(201);
    expect((await answerKeys(some.id)).sort()).toEqual(["courtesy", "overall", "visits"]);
    expect(await respond(overallOnly({ answers: { overall: 5, courtesy: 9 } }), device)).toMatchObject({ status: 400, json: { field: "answers.courtesy" } });
    expect(await respond(overallOnly({ answers: { overall: 5, nonsense: 1 } }), device)).toMatchObject({ status: 400, json: { field: "answers.nonsense" } });
    expect(await respond(overallOnly({ answers: { courtesy: 4 } }), device)).toMatchObject({ status: 400, json: { field: "answers.overall" } });
    // A kiosk token from token:create is a kiosk too.
    expect((await respond(overallOnly(), await token("kiosk"))).status).toBe(201);
  });

  test("anyone else still answers every required question", async () => {
    const anonymous = await respond(overallOnly());
    expect(anonymous.status).toBe(400);
    expect(anonymous.json.field).toMatch(/^answers\./);
    expect((await respond(overallOnly(), await token("integration"))).status).toBe(400);
  });

  test("`version`: a bad value is a 400 naming it, nothing stored", async () => {
    const { token: device } = await pairedKiosk("TT-DD-01", "Quầy phiên bản xấu");
    for (const version of [0, -1, 1.5, "1", 1_000_000, null]) {
      const body = overallOnly({ version });
      expect(await respond(body, device), JSON.stringify(version)).toMatchObject({ status: 400, json: { field: "version" } });
      expect(await db.selectFrom("responses").select("id").where("client_id", "=", body.id).executeTakeFirst()).toBeUndefined();
    }
  });

  test("answers given on the version shown are stored against it after a newer one is published", async () => {
    const { token: device } = await pairedKiosk("TT-DD-01", "Quầy ngoại tuyến");
    const questionnaire = (await findQuestionnaire(db, "tthc"))!;
    const versions = await db.selectFrom("questionnaire_versions").select(["id", "version"]).where("questionnaire_id", "=", questionnaire.id).orderBy("version").execute();
    const shown = versions.at(-1)!;
    expect((await startDraft(db, system, questionnaire)).ok).toBe(true);
    const published = await publishDraft(db, system, (await findQuestionnaire(db, "tthc"))!);
    expect(published.ok).toBe(true);
    const current = await db.selectFrom("questionnaire_versions").select("id").where("questionnaire_id", "=", questionnaire.id).where("version", "=", shown.version + 1).executeTakeFirstOrThrow();

    const old = overallOnly({ version: shown.version });
    expect((await respond(old, device)).status).toBe(201);
    const now = overallOnly();
    expect((await respond(now, device)).status).toBe(201);
    const versionOf = (clientId: string) =>
      db.selectFrom("responses").select("questionnaire_version_id").where("client_id", "=", clientId).executeTakeFirstOrThrow().then((r) => r.questionnaire_version_id);
    expect(await versionOf(old.id)).toBe(shown.id);
    expect(await versionOf(now.id)).toBe(current.id);
  });
});
