import { beforeAll, describe, expect, test } from "vitest";
import type { AppProcess } from "../setup/app-process";
import { findStoredResponse } from "../setup/server-database";
import { createToken, DEMO_PASSWORD } from "./support/callers";
import { administrativeFormFields, ADMINISTRATIVE_ANSWERS, newClientId, visibleText } from "./support/submissions";
import { useTwoProcesses } from "./support/two-processes";

/**
 * Two app processes on one database, as a deployment with several processes
 * runs: a SQLite file on the e2e project, one PostgreSQL database on e2e-pg.
 */
const two = useTwoProcesses({ SURVEY_MIN_FILL_SECONDS: "1" });
const { db } = two;
let one: AppProcess;
let other: AppProcess;
beforeAll(() => void ({ one, other } = two));

function postLogin(app: AppProcess, email: string, password: string): Promise<Response> {
  return fetch(`${app.baseUrl}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, redirectTo: "/dashboard" }).toString(),
    redirect: "manual",
  });
}

/** The survey form of TT-DD-01 posted as a phone without JavaScript would (`device` is its hl_device cookie, or none). */
function postSurvey(app: AppProcess, device: string | null, fields: Array<[string, string]>, query = ""): Promise<Response> {
  return fetch(`${app.baseUrl}/s/TT-DD-01${query}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(device ? { Cookie: device } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
}

describe(`two app processes on one ${two.engine} database`, () => {
  test("three wrong passwords on one and three on the other lock the account on both", async () => {
    const statuses: number[] = [];
    for (const app of [one, one, one, other, other, other]) statuses.push((await postLogin(app, "admin@demo.vn", "wrong-guess")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    for (const app of [one, other]) {
      const locked = await postLogin(app, "admin@demo.vn", DEMO_PASSWORD);
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(0);
    }
  });

  test("a sign-in made on one process is a session on the other", async () => {
    const signedIn = await postLogin(one, "viewer@demo.vn", DEMO_PASSWORD);
    expect(signedIn.status).toBe(302);
    const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith("hl_session="))!.split(";")[0]!;
    const page = await fetch(`${other.baseUrl}/dashboard`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(page.status).toBe(200);
    const anonymous = await fetch(`${other.baseUrl}/dashboard`, { redirect: "manual" });
    expect(anonymous.status).toBe(302);
  });

  test("a form opened on one process and sent to the other is timed by its signed start, not flagged too fast", async () => {
    const opened = await fetch(`${one.baseUrl}/s/TT-DD-01`);
    const device = (opened.headers.get("Set-Cookie") ?? "").split(";")[0]!;
    const html = await opened.text();
    const clientId = /name="id" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const started = /name="started" value="([^"]+)"/.exec(html)?.[1] ?? "";
    expect(started).not.toBe("");
    await new Promise((r) => setTimeout(r, 1_500));
    const sent = await postSurvey(other, device, administrativeFormFields(clientId, [["started", started]]));
    expect(sent.status).toBe(303);
    expect(await findStoredResponse(db, clientId)).toMatchObject({ servicePoint: "TT-DD-01", flagReasons: [] });
  });

  test("one phone's six answers an hour are counted across both processes", async () => {
    const device = ((await fetch(`${one.baseUrl}/s/TT-DD-01`)).headers.get("Set-Cookie") ?? "").split(";")[0]!;
    expect(device).toMatch(/^hl_device=/);
    const statuses: number[] = [];
    // The first test's phone is another device: this one starts at none.
    for (const app of [one, other, one, other, one, other, one, other]) {
      statuses.push((await postSurvey(app, device, administrativeFormFields(newClientId()))).status);
    }
    expect(statuses).toEqual([303, 303, 303, 303, 303, 303, 429, 429]);
  });
});

describe(`a per-dossier ticket sent to both processes at once, on ${two.engine}`, () => {
  /** Tickets for TT-DD-01 minted as the one-stop software does, through one process's API with an integration token. */
  async function mintTickets(count: number): Promise<string[]> {
    const token = await createToken(db, "integration");
    const tickets: string[] = [];
    for (let i = 0; i < count; i++) {
      const minted = await fetch(`${one.baseUrl}/api/v1/tickets`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
        body: JSON.stringify({ servicePoint: "TT-DD-01", dossierCode: `H42.two-${Date.now()}-${i}` }),
      });
      expect(minted.status).toBe(201);
      tickets.push(((await minted.json()) as { ticket: string }).ticket);
    }
    return tickets;
  }

  /** The client ids stored with the ticket. */
  async function storedWith(ticket: string): Promise<string[]> {
    const rows = await db
      .selectFrom("responses as r")
      .innerJoin("tickets as t", "t.id", "r.ticket_id")
      .select(["r.client_id", "r.channel"])
      .where("t.token", "=", ticket)
      .execute();
    expect(rows.every((r) => r.channel === "ticket")).toBe(true);
    return rows.map((r) => r.client_id);
  }

  test("from two phones' forms: one citizen is thanked, the other is told the ticket was used, and one response is stored", async () => {
    for (const ticket of await mintTickets(10)) {
      const ids = [newClientId(), newClientId()];
      const sent = await Promise.all(
        [one, other].map((app, i) => postSurvey(app, null, administrativeFormFields(ids[i]!, [["t", ticket]]), `?t=${ticket}`)),
      );
      const statuses = sent.map((r) => r.status);
      expect([...statuses].sort()).toEqual([303, 409]);
      const thanked = statuses.indexOf(303);
      expect(sent[thanked]!.headers.get("Location")).toMatch(/^\/s\/TT-DD-01\/thanks/);
      const refusal = visibleText(await sent[1 - thanked]!.text());
      expect(refusal).toContain("Phiếu đánh giá này đã được sử dụng");
      expect(refusal).toContain("Mỗi hồ sơ chỉ được đánh giá một lần");
      expect(await storedWith(ticket)).toEqual([ids[thanked]]);
    }
  });

  test("from the JSON API: one 201, one 409 naming the ticket, and one response stored", async () => {
    for (const ticket of await mintTickets(10)) {
      const ids = [newClientId(), newClientId()];
      const sent = await Promise.all(
        [one, other].map((app, i) =>
          fetch(`${app.baseUrl}/api/v1/responses`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ id: ids[i], servicePoint: "TT-DD-01", ticket, locale: "vi", answers: ADMINISTRATIVE_ANSWERS }),
          }),
        ),
      );
      const statuses = sent.map((r) => r.status);
      expect([...statuses].sort()).toEqual([201, 409]);
      const stored = statuses.indexOf(201);
      expect(await sent[stored]!.json()).toEqual({ id: ids[stored] });
      expect(await sent[1 - stored]!.json()).toMatchObject({ field: "ticket", error: expect.stringContaining("already been used") });
      expect(await storedWith(ticket)).toEqual([ids[stored]]);
    }
  });
});
