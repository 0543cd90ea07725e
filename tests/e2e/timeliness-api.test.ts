import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { openServerDatabase } from "../setup/server-database";
import { createToken, getAs, signIn } from "./support/callers";

/*
 * GET /api/v1/timeliness through HTTP: the answer's shape and figures for
 * dossiers posted through the dossiers API, who may read it, and bad queries.
 * The dossiers are in March 2024 at the school office, where no other test posts.
 */

const db = openServerDatabase();
afterAll(() => db.destroy());
const baseUrl = inject("baseUrl");

let integration: string;
let admin: string;
const RANGE = "from=2024-03-01&to=2024-03-31&servicePoint=HTK-VP";

beforeAll(async () => {
  integration = await createToken(db, "integration");
  admin = await signIn("admin@demo.vn");
  const post = async (code: string, dueAt: string, returnedAt: string) => {
    const response = await fetch(`${baseUrl}/api/v1/dossiers`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${integration}` },
      body: JSON.stringify({ code, servicePoint: "HTK-VP", sector: "education", receivedAt: "2024-03-02T08:00:00+07:00", dueAt, returnedAt }),
    });
    expect([200, 201]).toContain(response.status);
  };
  // One on time, one returned after its due time (late, with an apology required).
  await post(`E2E-T/${process.pid}-1`, "2024-03-10T17:00:00+07:00", "2024-03-08T09:00:00+07:00");
  await post(`E2E-T/${process.pid}-2`, "2024-03-05T17:00:00+07:00", "2024-03-12T09:00:00+07:00");
});

const timeliness = (query: string, caller: { cookie?: string; token?: string }) => getAs(caller, `/api/v1/timeliness?${query}`);

describe("GET /api/v1/timeliness", () => {
  test("answers each group's figures in the shape of CONTRACTS.md, to a token and to a staff session", async () => {
    for (const caller of [{ token: integration }, { cookie: admin }]) {
      const response = await timeliness(`groupBy=sector&${RANGE}`, caller);
      expect(response.status).toBe(200);
      expect(response.headers.get("Cache-Control")).toBe("private, no-store");
      const body = (await response.json()) as { rows: Array<Record<string, unknown>> };
      expect(body.rows).toHaveLength(1);
      const row = body.rows[0]!;
      expect(row).toMatchObject({
        key: "education",
        label: "Giáo dục",
        received: 2,
        returned: 2,
        onTime: 1,
        late: 1,
        overdueOpen: 0,
        apologies: { required: 1, sent: 0, sentInTime: 0 },
        responseRate: { returned: 2, responses: 0, rate: 0 },
        target: { value: 0.95, comparator: ">=" },
        status: "insufficient",
      });
      const rate = row.onTimeRate as { n: number; rate: number; ciLow: number; ciHigh: number };
      expect(rate.n).toBe(2);
      expect(rate.rate).toBe(0.5);
      // Wilson for 1 of 2: 0.0945 – 0.9055.
      expect(rate.ciLow).toBeCloseTo(0.0945, 4);
      expect(rate.ciHigh).toBeCloseTo(0.9055, 4);
    }
  });

  test("by month: every month of the range", async () => {
    const response = await timeliness(`groupBy=month&from=2024-02-01&to=2024-03-31&servicePoint=HTK-VP`, { token: integration });
    const body = (await response.json()) as { rows: Array<{ key: string; returned: number; onTimeRate: unknown }> };
    expect(body.rows.map((r) => [r.key, r.returned])).toEqual([["2024-02", 0], ["2024-03", 2]]);
    expect(body.rows[0]!.onTimeRate).toBeNull();
  });

  test.each([
    ["groupBy=question", "groupBy"],
    ["groupBy=sector&from=2024-13-01", "from"],
    ["groupBy=sector&to=yesterday", "to"],
    ["from=2024-03-31&to=2024-03-01", "from"],
    ["sector=nowhere", "sector"],
  ])("%s is 400 {error, field} naming %s", async (query, field) => {
    const response = await timeliness(query, { token: integration });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; field: string };
    expect(body.field).toBe(field);
    expect(body.error).toContain(field);
  });

  test("without credentials is 401; a token of other sectors asking for this point is 403", async () => {
    const anonymous = await timeliness(RANGE, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("WWW-Authenticate")).toContain("Bearer");

    const construction = await createToken(db, "manager", ["construction"]);
    const outside = await timeliness(RANGE, { token: construction });
    expect(outside.status).toBe(403);
    expect(((await outside.json()) as { field: string }).field).toBe("servicePoint");
    const own = (await (await timeliness("from=2024-03-01&to=2024-03-31", { token: construction })).json()) as { rows: Array<{ key: string }> };
    expect(own.rows.map((r) => r.key)).not.toContain("education");
  });
});
