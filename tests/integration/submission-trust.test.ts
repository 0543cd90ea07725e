import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TokenRole } from "~/domain/enums";
import { issueApiToken } from "~/modules/accounts/staff-accounts.service.server";
import { deviceCookie, signFormStart } from "~/modules/survey/trust.server";
import { action as postSurveyForm } from "~/routes/s.$code";
import { action as postResponses } from "~/routes/api.v1.responses";
import { loader as getIndices } from "~/routes/api.v1.indices";
import { postForm, routeContext, runRoute, signInAs, type StaffSession } from "../setup/admin-requests";
import { ADMINISTRATIVE_ANSWERS } from "../setup/submissions";
import { useFreshDatabase } from "../setup/test-database";

/*
 * Who may skip the citizen limits, tried as callers would: a land manager
 * rating his own counter (issue 8), staff tokens, kiosks and integrations,
 * and anonymous scripts on the JSON API.
 */

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

const HOUR_MS = 60 * 60 * 1000;
const system = { userId: null, name: "tests" };
const FIVE_STARS = { ...ADMINISTRATIVE_ANSWERS, signage: 5, posted: 5, as_posted: 5, courtesy: 5, guidance: 5, result_correct: 5, overall: 5 };

let address = 0;
/** Each test sends from its own address, so the per-address limits of one never touch another. */
const freshAddress = () => `198.51.100.${++address}`;

async function token(role: TokenRole, sectors: string[] = []): Promise<string> {
  const issued = await issueApiToken(db, system, { name: `trust test ${role}`, role, sectors, createdBy: null });
  if (!issued.ok) throw new Error(`issuing a ${role} token`);
  return issued.value.secret;
}

type Caller = { session?: StaffSession; bearer?: string; ip: string };

/** POST /api/v1/responses as `caller`; what it answers. */
async function postJson(caller: Caller, body: Record<string, unknown>): Promise<{ status: number; json: any; retryAfter: string | null }> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (caller.session) headers.Cookie = caller.session.cookie;
  if (caller.bearer) headers.Authorization = `Bearer ${caller.bearer}`;
  const request = new Request("http://localhost/api/v1/responses", { method: "POST", headers, body: JSON.stringify(body) });
  const response = (await postResponses({ request, params: {}, context: routeContext(caller.ip) })) as Response;
  return { status: response.status, json: await response.json(), retryAfter: response.headers.get("Retry-After") };
}

function submission(servicePoint: string, extra: Record<string, unknown> = {}) {
  return { id: crypto.randomUUID(), servicePoint, locale: "vi", answers: FIVE_STARS, ...extra };
}

/** The survey form of `point`, filled in a minute after it was opened, posted from a phone with the device cookie. */
async function postFormAs(point: string, session: StaffSession | undefined, phone: string, ip: string) {
  const clientId = crypto.randomUUID();
  const fields: Record<string, string> = { id: clientId, lang: "vi", started: signFormStart(new Date(Date.now() - 60_000)) };
  for (const [key, value] of Object.entries(FIVE_STARS)) fields[`q.${key}`] = String(value);
  const request = postForm(`/s/${point}`, fields, session, { csrf: false });
  const device = (await deviceCookie.serialize(phone)).split(";")[0]!;
  request.headers.set("Cookie", [session?.cookie, device].filter(Boolean).join("; "));
  let result: unknown;
  try {
    result = await postSurveyForm({ request, params: { code: point }, context: routeContext(ip) });
  } catch (thrown) {
    result = thrown;
  }
  const status = result instanceof Response ? result.status : ((result as { init?: { status?: number } }).init?.status ?? 200);
  return { clientId, status };
}

async function stored(clientId: string) {
  return db
    .selectFrom("responses")
    .select(["flagged", "flag_reason", "channel", "answered_at"])
    .where("client_id", "=", clientId)
    .executeTakeFirst();
}

/** Respondents GET /api/v1/indices counts at one point today, as an administrator's token sees them. */
async function respondentsAt(point: string, bearer: string, includeFlagged = false): Promise<number> {
  const query = new URLSearchParams({ groupBy: "servicePoint", servicePoint: point, ...(includeFlagged ? { includeFlagged: "1" } : {}) });
  const request = new Request(`http://localhost/api/v1/indices?${query}`, { headers: { Authorization: `Bearer ${bearer}` } });
  const { status, data } = await runRoute(getIndices, request);
  expect(status).toBe(200);
  return (data.rows as Array<{ respondents: number }>).reduce((sum, row) => sum + row.respondents, 0);
}

let kiosk: string;
let integration: string;
let administratorToken: string;
beforeAll(async () => {
  [kiosk, integration, administratorToken] = await Promise.all([token("kiosk"), token("integration"), token("administrator")]);
});

describe("a land manager rating his own counter", () => {
  test("through the form, is held to a phone's limit, and his responses are flagged staff and left out of the indices", async () => {
    const manager = await signInAs("manager.land@demo.vn");
    const ip = freshAddress();
    const sent = [];
    for (let i = 0; i < 7; i++) sent.push(await postFormAs("TT-DD-02", manager, "the-managers-phone-0001", ip));

    expect(sent.map((s) => s.status)).toEqual([303, 303, 303, 303, 303, 303, 429]);
    expect(await stored(sent[0]!.clientId)).toMatchObject({ flagged: 1, flag_reason: "staff" });
    for (const s of sent.slice(1, 6)) expect((await stored(s.clientId))!.flag_reason).toBe("device_repeat,staff");
    expect(await stored(sent[6]!.clientId)).toBeUndefined();

    expect(await respondentsAt("TT-DD-02", administratorToken)).toBe(0);
    expect(await respondentsAt("TT-DD-02", administratorToken, true)).toBe(6);
  });

  test("through the JSON API with his session, is stored flagged staff", async () => {
    const manager = await signInAs("manager.land@demo.vn");
    const body = submission("TT-DD-01");
    const reply = await postJson({ session: manager, ip: freshAddress() }, body);
    expect(reply).toMatchObject({ status: 201, json: { id: body.id } });
    expect(await stored(body.id)).toMatchObject({ flagged: 1, flag_reason: "staff", channel: "api" });
  });

  test("through the JSON API with his session, is held to the per-address limit", async () => {
    const manager = await signInAs("manager.land@demo.vn");
    const ip = freshAddress();
    const statuses = [];
    for (let i = 0; i < 601; i++) statuses.push((await postJson({ session: manager, ip }, submission("TT-DD-01"))).status);
    expect(statuses.slice(0, 600).every((s) => s === 201)).toBe(true);
    expect(statuses[600]).toBe(429);
  });
});

describe("staff tokens", () => {
  test.each(["viewer", "manager", "administrator"] as const)("a %s token is no trusted device: flagged staff, no capture time older than a day", async (role) => {
    const bearer = await token(role, role === "manager" ? ["land"] : []);
    const ip = freshAddress();
    const now = submission("TV-02");
    expect((await postJson({ bearer, ip }, now)).status).toBe(201);
    expect(await stored(now.id)).toMatchObject({ flagged: 1, flag_reason: "staff" });

    const backdated = submission("TV-02", { answeredAt: new Date(Date.now() - 48 * HOUR_MS).toISOString() });
    const refused = await postJson({ bearer, ip }, backdated);
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({ error: expect.stringContaining("kiosk or integration"), field: "answeredAt" });
    expect(await stored(backdated.id)).toBeUndefined();
  });
});

describe("a kiosk or an integration", () => {
  test.each([
    ["kiosk", () => kiosk, "kiosk"],
    ["integration", () => integration, "api"],
  ] as const)("a %s token sends a backlog from one address with no limit and no flag, dated up to 30 days back", async (_, bearer, channel) => {
    const ip = freshAddress();
    const ids = [];
    for (let i = 0; i < 40; i++) {
      const body = submission("TV-01", { sector: "land", answeredAt: new Date(Date.now() - (48 + i) * HOUR_MS).toISOString() });
      ids.push(body.id);
      expect((await postJson({ bearer: bearer(), ip }, body)).status).toBe(201);
    }
    for (const id of ids) expect(await stored(id)).toMatchObject({ flagged: 0, flag_reason: null, channel });

    const tooOld = await postJson({ bearer: bearer(), ip }, submission("TV-01", { sector: "land", answeredAt: new Date(Date.now() - 31 * 24 * HOUR_MS).toISOString() }));
    expect(tooOld).toMatchObject({ status: 400, json: { field: "answeredAt" } });
  });

  test("but not every validation is skipped: a wrong answer is still refused", async () => {
    const reply = await postJson({ bearer: kiosk, ip: freshAddress() }, submission("TV-02", { answers: { ...FIVE_STARS, overall: 6 } }));
    expect(reply).toMatchObject({ status: 400, json: { field: "answers.overall" } });
  });
});

describe("an anonymous caller of the JSON API", () => {
  test("may not date a capture more than 24 hours back, and nothing is stored", async () => {
    const body = submission("TV-02", { answeredAt: new Date(Date.now() - 25 * HOUR_MS).toISOString() });
    const reply = await postJson({ ip: freshAddress() }, body);
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({ error: "answeredAt older than 24 hours is accepted only from a kiosk or integration token", field: "answeredAt" });
    expect(await stored(body.id)).toBeUndefined();

    const lastNight = submission("TV-02", { answeredAt: new Date(Date.now() - 20 * HOUR_MS).toISOString() });
    expect((await postJson({ ip: freshAddress() }, lastNight)).status).toBe(201);
    expect(await stored(lastNight.id)).toMatchObject({ flagged: 0 });
  });

  test("gets the form's per-address limits: a burst is flagged, and past the hourly limit it is refused with Retry-After", async () => {
    const ip = freshAddress();
    const replies = [];
    const ids = [];
    for (let i = 0; i < 601; i++) {
      const body = submission("TT-DT-01");
      ids.push(body.id);
      replies.push(await postJson({ ip }, body));
    }
    expect(replies.slice(0, 600).every((r) => r.status === 201)).toBe(true);
    expect((await stored(ids[29]!))!.flag_reason).toBeNull();
    expect((await stored(ids[30]!))!.flag_reason).toBe("ip_burst");
    expect(replies[600]).toMatchObject({ status: 429, json: { error: expect.stringContaining("too many") } });
    expect(Number(replies[600]!.retryAfter)).toBeGreaterThan(0);
    expect(await stored(ids[600]!)).toBeUndefined();
  });
});
