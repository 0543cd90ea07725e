import { beforeAll, describe, expect, test } from "vitest";
import { compareSummariesWithRaw } from "~/modules/indices/summaries.repository.server";
import type { AppProcess } from "../setup/app-process";
import { createToken } from "./support/callers";
import { ADMINISTRATIVE_ANSWERS, HEALTH_ANSWERS, newClientId, visibleText } from "./support/submissions";
import { runCheckSummaries, useTwoProcesses } from "./support/two-processes";

/**
 * Two app processes on one database (SQLite on e2e, PostgreSQL on e2e-pg)
 * under 2 × 8 concurrent writers for 10 s. Half of each process's writers
 * are kiosks (JSON with a kiosk token: no limits), half are phones posting
 * the HTML form, held to the citizen limits, which are raised here so that
 * one address and eight phones are counted in the storing transaction but
 * never refused.
 */
const two = useTwoProcesses({
  SURVEY_MIN_FILL_SECONDS: "1",
  RATE_LIMIT_DEVICE_PER_HOUR: "1000000",
  RATE_LIMIT_IP_PER_HOUR: "1000000",
  LOG_LEVEL: "warn",
});
const { db } = two;

const LOAD_SECONDS = 10;
const WRITERS_PER_PROCESS = 8;
const POINTS = ["TT-DD-01", "TT-DD-02", "BV-KKB"] as const;
type Point = (typeof POINTS)[number];

const score = () => 1 + Math.floor(Math.random() * 5);

/** A valid set of answers to the point's questionnaire, with `overall` as given and a few criteria at random. */
function answersFor(point: Point, overall: number): Record<string, string | number> {
  return point === "BV-KKB"
    ? { ...HEALTH_ANSWERS, signage: score(), staff: score(), overall }
    : { ...ADMINISTRATIVE_ANSWERS, signage: score(), courtesy: score(), guidance: score(), overall };
}

type Submission = { id: string; point: Point; answers: Record<string, string | number> };

/** What a caller was told: acknowledged (stored or a repeat), refused as a conflict, or something no caller should see. */
type Answer = { kind: "stored" | "repeat" | "acknowledged" | "conflict" | "other"; status: number; detail: string };

/** A writer: a kiosk posting JSON with its token, or a phone posting the form with its device cookie and signed start. */
type Writer = { app: AppProcess; send: (app: AppProcess, s: Submission) => Promise<Answer> };

function kiosk(token: string) {
  return async (app: AppProcess, s: Submission): Promise<Answer> => {
    const response = await fetch(`${app.baseUrl}/api/v1/responses`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify({ id: s.id, servicePoint: s.point, locale: "vi", answers: s.answers }),
    });
    const text = await response.text();
    const detail = `${response.status} ${text.slice(0, 200)}`;
    if ((response.status === 201 || response.status === 200) && text === JSON.stringify({ id: s.id })) {
      return { kind: response.status === 201 ? "stored" : "repeat", status: response.status, detail };
    }
    if (response.status === 409 && JSON.parse(text).field === "id") return { kind: "conflict", status: 409, detail };
    return { kind: "other", status: response.status, detail };
  };
}

function phone(device: string, started: string) {
  return async (app: AppProcess, s: Submission): Promise<Answer> => {
    const fields: Array<[string, string]> = [
      ["id", s.id],
      ["lang", "vi"],
      ["started", started],
      ...Object.entries(s.answers).map(([key, value]): [string, string] => [`q.${key}`, String(value)]),
    ];
    const response = await fetch(`${app.baseUrl}/s/${s.point}`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: device },
      body: new URLSearchParams(fields).toString(),
    });
    const text = await response.text();
    const detail = `${response.status} ${visibleText(text).slice(0, 200)}`;
    // The form thanks a stored answer and a repeat alike.
    if (response.status === 303 && response.headers.get("Location")?.startsWith(`/s/${s.point}/thanks`)) {
      return { kind: "acknowledged", status: 303, detail };
    }
    if (response.status === 409 && visibleText(text).includes("Phiếu này đã được gửi với nội dung khác")) {
      return { kind: "conflict", status: 409, detail };
    }
    return { kind: "other", status: response.status, detail };
  };
}

/** A phone that opened the form on `app`: its device cookie and the form's signed start. */
async function openForm(app: AppProcess): Promise<{ device: string; started: string }> {
  const opened = await fetch(`${app.baseUrl}/s/TT-DD-01`);
  const device = (opened.headers.get("Set-Cookie") ?? "").split(";")[0]!;
  const started = /name="started" value="([^"]+)"/.exec(await opened.text())?.[1] ?? "";
  expect(device).toMatch(/^hl_device=/);
  expect(started).not.toBe("");
  return { device, started };
}

let writers: Writer[];
beforeAll(async () => {
  const token = await createToken(db, "kiosk");
  writers = [];
  for (const app of [two.one, two.other]) {
    for (let w = 0; w < WRITERS_PER_PROCESS; w++) {
      if (w % 2 === 0) writers.push({ app, send: kiosk(token) });
      else {
        const { device, started } = await openForm(app);
        writers.push({ app, send: phone(device, started) });
      }
    }
  }
});

describe(`2 × ${WRITERS_PER_PROCESS} writers for ${LOAD_SECONDS} s on one ${two.engine} database`, () => {
  test("every acknowledged answer is stored once with the content acknowledged, nothing else is stored, and the summaries stay exact", async () => {
    /** The overall score of what each acknowledged client id was acknowledged with. */
    const acknowledged = new Map<string, number>();
    const surprises: string[] = [];
    const counts = { requests: 0, fresh: 0, repeats: 0, sameContentRaces: 0, conflictRaces: 0, status5xx: 0 };

    const expectKinds = (what: string, answers: Answer[], allowed: ReadonlyArray<ReadonlyArray<Answer["kind"]>>) => {
      counts.requests += answers.length;
      counts.status5xx += answers.filter((a) => a.status >= 500).length;
      const kinds = answers.map((a) => a.kind).sort();
      if (!allowed.some((k) => JSON.stringify([...k].sort()) === JSON.stringify(kinds))) {
        surprises.push(`${what}: ${answers.map((a) => a.detail).join(" | ")}`);
        return false;
      }
      return true;
    };
    const ackd = (a: Answer) => a.kind !== "conflict" && a.kind !== "other";

    async function write(writer: Writer, index: number, until: number) {
      const { app, send } = writer;
      const elsewhere = app === two.one ? two.other : two.one;
      let last: Submission | null = null;
      for (let k = 0; Date.now() < until; k++) {
        const point = POINTS[(index + k) % POINTS.length]!;
        const fresh: Submission = { id: newClientId(), point, answers: answersFor(point, score()) };
        const isKiosk = index % 2 === 0;
        try {
          if (k % 10 === 3 && last) {
            // The same submission again, as a kiosk retrying after a lost answer (to this process or, behind
            // a balancer, the other): acknowledged, not stored twice.
            counts.repeats++;
            const again = await send(k % 20 === 3 ? app : elsewhere, last);
            expectKinds(`repeat of ${last.id}`, [again], [[isKiosk ? "repeat" : "acknowledged"]]);
          } else if (k % 10 === 6) {
            // One client id sent to both processes at the same moment, same content: one stores, the other acknowledges a repeat.
            counts.sameContentRaces++;
            const both = await Promise.all([send(app, fresh), send(elsewhere, fresh)]);
            const ok = expectKinds(`same-content race on ${fresh.id}`, both, [isKiosk ? ["stored", "repeat"] : ["acknowledged", "acknowledged"]]);
            if (ok) acknowledged.set(fresh.id, Number(fresh.answers.overall));
          } else if (k % 10 === 9) {
            // One client id, two contents, both processes at once: one is acknowledged, the other is a 409 conflict.
            counts.conflictRaces++;
            const otherContent: Submission = { ...fresh, answers: { ...fresh.answers, overall: (Number(fresh.answers.overall) % 5) + 1 } };
            const both = await Promise.all([send(app, fresh), send(elsewhere, otherContent)]);
            const ok = expectKinds(`conflicting race on ${fresh.id}`, both, [[isKiosk ? "stored" : "acknowledged", "conflict"]]);
            if (ok) acknowledged.set(fresh.id, Number((ackd(both[0]!) ? fresh : otherContent).answers.overall));
          } else {
            counts.fresh++;
            const answer = await send(app, fresh);
            if (expectKinds(`new ${fresh.id}`, [answer], [[isKiosk ? "stored" : "acknowledged"]])) {
              acknowledged.set(fresh.id, Number(fresh.answers.overall));
              last = fresh;
            }
          }
        } catch (error) {
          surprises.push(`${fresh.id}: ${String(error)}`);
        }
      }
    }

    const started = Date.now();
    const until = started + LOAD_SECONDS * 1000;
    await Promise.all(writers.map((writer, i) => write(writer, i, until)));
    const seconds = (Date.now() - started) / 1000;
    console.info(
      `${two.engine}: ${counts.requests} submissions in ${seconds.toFixed(1)} s (${(counts.requests / seconds).toFixed(0)}/s), ` +
        `${acknowledged.size} client ids acknowledged (${(acknowledged.size / seconds).toFixed(0)} stored/s); ${JSON.stringify(counts)}`,
    );

    // Every caller was answered as the contract says, never with a 5xx.
    expect(surprises.length, surprises.slice(0, 10).join("\n")).toBe(0);
    expect(counts.status5xx).toBe(0);
    // Enough happened that the checks below mean something.
    expect(acknowledged.size).toBeGreaterThan(200);
    expect(counts.repeats).toBeGreaterThan(10);
    expect(counts.sameContentRaces).toBeGreaterThan(10);
    expect(counts.conflictRaces).toBeGreaterThan(10);

    // Every request was answered, so every stored row is one a caller was told of:
    // exactly the acknowledged client ids, each once, with the content acknowledged.
    const stored = await db
      .selectFrom("responses as r")
      .innerJoin("answers as a", "a.response_id", "r.id")
      .innerJoin("questions as q", "q.id", "a.question_id")
      .select(["r.client_id", "a.score"])
      .where("q.key", "=", "overall")
      .execute();
    const responses = await db.selectFrom("responses").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(responses.n)).toBe(acknowledged.size);
    expect(stored).toHaveLength(acknowledged.size);
    expect(new Set(stored.map((r) => r.client_id)).size).toBe(stored.length);
    expect(new Map(stored.map((r) => [r.client_id, r.score]))).toEqual(acknowledged);

    expect(await compareSummariesWithRaw(db)).toEqual([]);
    const check = runCheckSummaries(two.databaseUrl);
    expect(check.stderr).toBe("");
    expect(check.stdout).toContain("The summaries equal the sums of the raw answers");
    expect(check.status).toBe(0);
  });
});
