import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { openServerDatabase } from "../setup/server-database";
import { createToken, signIn } from "./support/callers";

/*
 * POST /api/v1/dossiers and GET /api/v1/dossiers/:code through HTTP, as the
 * one-stop software and staff call them: who may, what is stored, and that
 * anything refused is answered with a clear 4xx and stores nothing.
 */

const db = openServerDatabase();
afterAll(() => db.destroy());
const baseUrl = inject("baseUrl");

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

let integration: string;
let admin: string;
beforeAll(async () => {
  integration = await createToken(db, "integration");
  admin = await signIn("admin@demo.vn");
});

let serial = 0;
const newCode = () => `E2E/${process.pid}-${++serial}#A`;

/** A dossier received ten days ago, due in five: valid and on time; a test spoils one thing. */
function dossier(overrides: Record<string, unknown> = {}) {
  return {
    code: newCode(),
    servicePoint: "TT-DD-01",
    sector: "land",
    procedure: "Cấp giấy chứng nhận quyền sử dụng đất",
    receivedAt: daysAgo(10),
    dueAt: new Date(Date.now() + 5 * DAY).toISOString(),
    returnedAt: null,
    ...overrides,
  };
}

type Reply = { status: number; body: Record<string, unknown> };

async function send(body: unknown, headers: Record<string, string> = { Authorization: `Bearer ${integration}` }, contentType = "application/json"): Promise<Reply> {
  const response = await fetch(`${baseUrl}/api/v1/dossiers`, {
    method: "POST",
    headers: { "Content-Type": contentType, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const read = async (code: string, headers: Record<string, string> = { Authorization: `Bearer ${integration}` }): Promise<Reply> => {
  const response = await fetch(`${baseUrl}/api/v1/dossiers/${encodeURIComponent(code)}`, { headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

const countOf = async (table: "dossiers" | "apologies" | "tickets") =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
const storedWith = async (code: string) =>
  Number((await db.selectFrom("dossiers").select((eb) => eb.fn.countAll<number>().as("n")).where("code", "=", code).executeTakeFirstOrThrow()).n);

describe("the one-stop software posts dossiers", () => {
  test("a new dossier is 201, the same again 200, and GET answers the same", async () => {
    const body = dossier();
    const created = await send(body);
    expect(created).toEqual({ status: 201, body: { code: body.code, status: "in_progress", onTime: null, late: false, apology: null, ticket: null } });
    const again = await send(body);
    expect(again).toEqual({ ...created, status: 200 });
    expect(await read(body.code)).toEqual({ status: 200, body: created.body });
    expect(await storedWith(body.code)).toBe(1);
  });

  test("a late return answers its apology and the receipt's ticket, whose link opens the survey", async () => {
    const body = dossier({ dueAt: daysAgo(3), returnedAt: daysAgo(1), contact: { phone: "0912 345 678" }, consent: true });
    const { status, body: answer } = await send(body);
    expect(status).toBe(201);
    expect(answer).toMatchObject({ status: "returned", onTime: false, late: true, apology: { id: expect.any(Number), status: "required" } });
    const apology = answer.apology as { dueBy: string };
    expect(apology.dueBy).toBe(new Date(Date.parse(body.dueAt) + DAY).toISOString());
    const ticket = answer.ticket as { ticket: string; url: string; svg: string };
    expect(ticket.url).toBe(`${baseUrl}/s/TT-DD-01?t=${ticket.ticket}`);
    expect(ticket.svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const survey = await fetch(ticket.url);
    expect(survey.status).toBe(200);
    expect((await send(body)).body).toEqual(answer);
  });

  test("ten identical posts at once store one dossier, one apology and one ticket: one 201, nine 200 with the same answer", async () => {
    const body = dossier({ dueAt: daysAgo(3), returnedAt: daysAgo(1) });
    const [dossiers, apologies, tickets] = [await countOf("dossiers"), await countOf("apologies"), await countOf("tickets")];
    const replies = await Promise.all(Array.from({ length: 10 }, () => send(body)));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(replies.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await countOf("dossiers")).toBe(dossiers + 1);
    expect(await countOf("apologies")).toBe(apologies + 1);
    expect(await countOf("tickets")).toBe(tickets + 1);
  });

  test("a value fixed once set, or an earlier due time, is a 409 naming the field", async () => {
    const body = dossier();
    await send(body);
    for (const [field, change] of [
      ["servicePoint", { servicePoint: "TT-DD-02" }],
      ["receivedAt", { receivedAt: daysAgo(11) }],
      ["dueAt", { dueAt: daysAgo(-4) }],
    ] as const) {
      const reply = await send({ ...body, ...change });
      expect(reply.status, field).toBe(409);
      expect(reply.body).toEqual({ error: expect.stringContaining(field), field });
    }
  });

  test("an administrator's session may post from our own pages", async () => {
    const body = dossier();
    expect((await send(body, { Cookie: admin, Origin: baseUrl })).status).toBe(201);
  });

  test("a code with / and # is read back percent-encoded; an unknown code is 404", async () => {
    const body = dossier({ code: "HS/2026:77#1" });
    await send(body);
    expect((await read("HS/2026:77#1")).body).toMatchObject({ code: "HS/2026:77#1" });
    expect(await read("NO-SUCH-DOSSIER")).toEqual({ status: 404, body: { error: expect.any(String) } });
  });

  test("GET on the collection is 405", async () => {
    const response = await fetch(`${baseUrl}/api/v1/dossiers`, { headers: { Authorization: `Bearer ${integration}` } });
    expect(response.status).toBe(405);
  });
});

describe("who may post and read dossiers", () => {
  test("no credentials is 401; managers, viewers and kiosks are 403, by session or token; a forged origin is 403; nothing is stored", async () => {
    const body = dossier();
    const manager = await signIn("manager.land@demo.vn");
    const viewer = await signIn("viewer@demo.vn");
    expect((await send(body, {})).status).toBe(401);
    expect((await send(body, { Cookie: manager, Origin: baseUrl })).status).toBe(403);
    expect((await send(body, { Cookie: viewer, Origin: baseUrl })).status).toBe(403);
    for (const role of ["manager", "viewer", "kiosk"] as const) {
      const token = await createToken(db, role, role === "manager" ? ["land"] : []);
      expect((await send(body, { Authorization: `Bearer ${token}` })).status, role).toBe(403);
    }
    const forged = await send(body, { Cookie: admin, Origin: "https://evil.example" });
    expect(forged).toEqual({ status: 403, body: { error: expect.stringContaining("cross-site") } });
    expect((await send(body, { Cookie: admin, "Sec-Fetch-Site": "cross-site" })).status).toBe(403);
    expect(await storedWith(body.code)).toBe(0);
  });

  test("staff read a dossier of their sectors; a manager of another sector is 403; a visitor 401", async () => {
    const body = dossier();
    await send(body);
    const landManager = await signIn("manager.land@demo.vn");
    const healthManager = await signIn("manager.health@demo.vn");
    expect((await read(body.code, { Cookie: landManager })).status).toBe(200);
    expect((await read(body.code, { Cookie: await signIn("viewer@demo.vn") })).status).toBe(200);
    expect((await read(body.code, { Cookie: healthManager })).status).toBe(403);
    expect((await read(body.code, {})).status).toBe(401);
  });
});

describe("a dossier the API refuses is not stored", () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ["no code", { code: undefined }, "code"],
    ["a code with a space", { code: "HS 1" }, "code"],
    ["no service point", { servicePoint: undefined }, "servicePoint"],
    ["no sector", { sector: undefined }, "sector"],
    ["no receipt time", { receivedAt: undefined }, "receivedAt"],
    ["no due time", { dueAt: undefined }, "dueAt"],
    ["a time without offset", { receivedAt: "2026-11-02T08:00:00" }, "receivedAt"],
    ["a return before receipt", { returnedAt: daysAgo(11) }, "returnedAt"],
    ["a due time before receipt", { dueAt: daysAgo(11) }, "dueAt"],
    ["an unknown service point", { servicePoint: "NO-SUCH-POINT" }, "servicePoint"],
    ["an unknown sector", { sector: "fisheries" }, "sector"],
    ["a sector the point does not serve", { sector: "health" }, "sector"],
    ["a phone that is not Vietnamese", { contact: { phone: "+44 20 7946 0958" }, consent: true }, "contact.phone"],
    ["an e-mail that is not one", { contact: { email: "not-an-email" }, consent: true }, "contact.email"],
    ["100 KB of procedure", { procedure: "x".repeat(100 * 1024) }, "procedure"],
    ["100 KB of Vietnamese in the code", { code: "Đ".repeat(50 * 1024) }, "code"],
    ["consent as a string", { consent: "yes" }, "consent"],
    ["an unknown field", { returnAt: daysAgo(1) }, "returnAt"],
  ];
  test.each(cases)("%s: 400 naming the field", async (_name, change, field) => {
    const body = dossier(change);
    const before = await countOf("dossiers");
    const reply = await send(body);
    expect(reply.status, JSON.stringify(reply.body)).toBe(400);
    expect(reply.body).toEqual({ error: expect.stringMatching(new RegExp(`^${field.replace(".", "\\.")} .{8,}`)), field });
    expect(await countOf("dossiers")).toBe(before);
    if (typeof body.code === "string") expect(await storedWith(body.code)).toBe(0);
  });

  test.each<[string, string, string, number, string]>([
    ["malformed JSON", '{"code": "X-1", ', "application/json", 400, "not valid JSON"],
    ["a JSON array", "[]", "application/json", 400, "must be a JSON object"],
    ["a key given twice", `{"code":"X-2","code":"X-3"}`, "application/json", 400, "more than once"],
    ["a form post", "code=X-4&servicePoint=TT-DD-01", "application/x-www-form-urlencoded", 415, "application/json"],
    ["plain text", JSON.stringify(dossier({ code: "X-5" })), "text/plain", 415, "application/json"],
    ["a body over 128 KB", JSON.stringify(dossier({ code: "X-6", procedure: "x".repeat(200 * 1024) })), "application/json", 413, "larger than"],
  ])("%s is refused", async (_name, text, contentType, status, message) => {
    const before = await countOf("dossiers");
    const reply = await send(text, { Authorization: `Bearer ${integration}` }, contentType);
    expect(reply.status).toBe(status);
    expect(reply.body).toMatchObject({ error: expect.stringContaining(message) });
    expect(await countOf("dossiers")).toBe(before);
  });
});
