import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { backoffDelayMs, SYNC_BASE_DELAY_MS, SYNC_MAX_DELAY_MS, submissionBody, verdictOf, type QueuedResponse } from "~/domain/kiosk-sync";
import type { Device, KioskStore, KioskSurvey } from "~/kiosk/store.client";
import { KioskSync, type SyncStatus } from "~/kiosk/sync.client";

describe("verdictOf", () => {
  test.each([200, 201])("%i: the server holds it", (s) => expect(verdictOf(s)).toBe("stored"));
  test("401: the device token is revoked", () => expect(verdictOf(401)).toBe("revoked"));
  test.each([400, 403, 404, 409, 413, 422])("%i: refused for good", (s) => expect(verdictOf(s)).toBe("rejected"));
  test.each([408, 429, 500, 502, 503])("%i: try again later", (s) => expect(verdictOf(s)).toBe("retry"));
});

describe("backoffDelayMs", () => {
  const ceilingOf = (failures: number) => Math.min(SYNC_MAX_DELAY_MS, SYNC_BASE_DELAY_MS * 2 ** (failures - 1));

  test("doubles with each failure until the cap", () => {
    const top = () => 1;
    expect([1, 2, 3, 4].map((f) => backoffDelayMs(f, top))).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(backoffDelayMs(3, top) / backoffDelayMs(2, top)).toBe(2);
    const bottom = () => 0;
    expect([1, 2, 3].map((f) => backoffDelayMs(f, bottom))).toEqual([1_000, 2_000, 4_000]);
    expect(backoffDelayMs(20, top)).toBe(SYNC_MAX_DELAY_MS);
  });

  test("stays within [ceiling/2, ceiling] and never passes the cap, for 1..100 failures", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (failures, r) => {
        const delay = backoffDelayMs(failures, () => r);
        const ceiling = ceilingOf(failures);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
        expect(delay).toBeLessThanOrEqual(SYNC_MAX_DELAY_MS);
      }),
    );
  });

  test("a random source outside [0, 1) cannot push it outside the bounds", () => {
    expect(backoffDelayMs(1, () => 7)).toBe(2_000);
    expect(backoffDelayMs(1, () => -3)).toBe(1_000);
  });
});

let seq = 0;
function queued(over: Partial<QueuedResponse> = {}): QueuedResponse {
  seq += 1;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    state: "ready",
    servicePoint: "UBND-P1-MC",
    sector: "ho-tich",
    version: 3,
    locale: "vi",
    answeredAt: `2026-12-02T08:${String(seq).padStart(2, "0")}:00.000Z`,
    answers: { overall: 4 },
    attempts: 0,
    ...over,
  };
}

describe("submissionBody", () => {
  test("carries id, version and answeredAt; no sector key when there is none", () => {
    const q = queued({ sector: null, answers: { overall: 5, comment: "Nhanh" } });
    const body = submissionBody(q);
    expect(body).toEqual({ id: q.id, servicePoint: "UBND-P1-MC", locale: "vi", answeredAt: q.answeredAt, version: 3, answers: { overall: 5, comment: "Nhanh" } });
    expect("sector" in body).toBe(false);
    expect(body).not.toHaveProperty("state");
    expect(body).not.toHaveProperty("attempts");
  });
  test("names the sector when there is one", () => {
    expect(submissionBody(queued({ sector: "dat-dai" }))).toMatchObject({ sector: "dat-dai" });
  });
});

// ——— the loop ———

const survey: KioskSurvey = {
  servicePoint: { code: "UBND-P1-MC", name: { vi: "Bộ phận Một cửa phường 1", en: "Ward 1 one-stop counter" }, agency: { code: "UBND-P1", name: { vi: "UBND phường 1", en: "Ward 1 People's Committee" } } },
  sectors: [{ code: "ho-tich", name: { vi: "Hộ tịch", en: "Civil status" } }],
  version: 3,
  questions: [{ key: "overall", group: null, required: true, text: { vi: "Nhìn chung…", en: "Overall…" }, type: "scale", overall: true, allowNA: false }],
};

const device: Device = {
  token: "kiosk_token_abc",
  kiosk: { id: 7, name: "Quầy 1", servicePoint: { code: "UBND-P1-MC", name: "Bộ phận Một cửa phường 1", nameEn: "Ward 1 one-stop counter" }, resetSeconds: 8 },
  pairedAt: "2026-12-01T00:00:00.000Z",
  revokedAt: null,
};

/** An in-memory KioskStore (the IndexedDB one's interface), with its contents open to the test. */
function memoryStore(initial: QueuedResponse[] = []) {
  const data = {
    device: structuredClone(device) as Device | undefined,
    survey: { ...structuredClone(survey), fetchedAt: "2026-12-01T00:00:00.000Z" } as (KioskSurvey & { fetchedAt: string }) | undefined,
    queue: new Map(initial.map((q) => [q.id, structuredClone(q)])),
    rejected: new Map<string, QueuedResponse>(),
  };
  const store: KioskStore = {
    device: async () => data.device && structuredClone(data.device),
    saveDevice: async (d) => void (data.device = structuredClone(d)),
    survey: async () => data.survey && structuredClone(data.survey),
    saveSurvey: async (s) => void (data.survey = { ...structuredClone(s), fetchedAt: new Date().toISOString() }),
    put: async (q) => void data.queue.set(q.id, structuredClone(q)),
    finaliseDrafts: async () => {
      for (const q of data.queue.values()) if (q.state === "draft") q.state = "ready";
    },
    ready: async () => [...data.queue.values()].filter((q) => q.state === "ready").sort((a, b) => a.answeredAt.localeCompare(b.answeredAt)).map((q) => structuredClone(q)),
    stored: async (id) => void data.queue.delete(id),
    reject: async (q, status, error) => {
      data.rejected.set(q.id, { ...structuredClone(q), rejected: { status, error: error.slice(0, 500), at: new Date().toISOString() } });
      data.queue.delete(q.id);
    },
    failed: async (q) => {
      const current = data.queue.get(q.id);
      if (current) current.attempts += 1;
    },
    counts: async () => ({ queued: data.queue.size, rejected: data.rejected.size }),
    everything: async () => ({ queue: [...data.queue.values()], rejected: [...data.rejected.values()] }),
  };
  return { store, data };
}

type Call = { path: string; method: string; headers: Record<string, string>; body: unknown; queueIds: string[] };
type Reply = Response | "network-error";

/** A fetch that answers by path; every call is recorded with what the queue held at that moment. */
function fakeFetch(data: ReturnType<typeof memoryStore>["data"], respond: (path: string, body: any, n: number) => Reply) {
  const calls: Call[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    const body = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
    calls.push({ path, method: init?.method ?? "GET", headers: { ...(init?.headers as Record<string, string>) }, body, queueIds: [...data.queue.keys()] });
    const reply = respond(path, body, calls.filter((c) => c.path === path).length);
    if (reply === "network-error") throw new TypeError("Failed to fetch");
    return reply;
  });
  return { fetch: fn as unknown as typeof fetch, calls, posts: () => calls.filter((c) => c.path === "/api/v1/responses") };
}

const json = (status: number, body: unknown = {}) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
/** Anything but responses: the survey has not changed (404 keeps the stored one) and the heartbeat is fine. */
const others = (path: string): Reply => (path.endsWith("/heartbeat") ? json(200, { ok: true }) : json(404, { error: "not found" }));

/** Lets promises and real I/O (Response bodies) settle without moving the fake clock. */
async function settle() {
  for (let i = 0; i < 30; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe("KioskSync", () => {
  let loops: KioskSync[] = [];
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    vi.setSystemTime(new Date("2026-12-02T09:00:00.000Z"));
  });
  afterEach(() => {
    for (const l of loops) l.stop();
    loops = [];
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  function start(store: KioskStore, f: typeof fetch, onSurvey = vi.fn()) {
    const statuses: SyncStatus[] = [];
    const loop = new KioskSync({ store, appVersion: "hai-long/test-1", onStatus: (s) => statuses.push(s), onSurvey, fetch: f });
    loops.push(loop);
    loop.kick();
    return { loop, statuses, onSurvey };
  }
  async function runNow() {
    await vi.advanceTimersByTimeAsync(0);
    await settle();
  }

  test("sends ready answers oldest first and deletes each only after its 2xx", async () => {
    const newest = queued({ answeredAt: "2026-12-02T08:59:00.000Z" });
    const oldest = queued({ answeredAt: "2026-12-02T07:00:00.000Z" });
    const middle = queued({ answeredAt: "2026-12-02T08:00:00.000Z" });
    const { store, data } = memoryStore([newest, oldest, middle]);
    const f = fakeFetch(data, (path, _b, n) => (path === "/api/v1/responses" ? json(n === 2 ? 200 : 201, {}) : others(path)));
    const { statuses } = start(store, f.fetch);
    await runNow();

    const posts = f.posts();
    expect(posts.map((c) => c.body)).toEqual([oldest, middle, newest].map(submissionBody));
    // Each was still on the tablet when it went out; the ones before it were gone.
    expect(posts[0]!.queueIds.sort()).toEqual([oldest.id, middle.id, newest.id].sort());
    expect(posts[1]!.queueIds.sort()).toEqual([middle.id, newest.id].sort());
    expect(posts[2]!.queueIds).toEqual([newest.id]);
    expect(posts.every((c) => c.method === "POST" && c.headers.Authorization === "Bearer kiosk_token_abc")).toBe(true);
    expect(data.queue.size).toBe(0);
    expect(statuses.at(-1)).toMatchObject({ queued: 0, rejected: 0, revoked: false, syncing: false });
    expect(statuses.at(-1)!.lastSyncAt).toBe("2026-12-02T09:00:00.000Z");
  });

  test("a draft is never sent", async () => {
    const draft = queued({ state: "draft" });
    const ready = queued();
    const { store, data } = memoryStore([draft, ready]);
    const f = fakeFetch(data, (path) => (path === "/api/v1/responses" ? json(201) : others(path)));
    start(store, f.fetch);
    await runNow();
    expect(f.posts().map((c) => (c.body as { id: string }).id)).toEqual([ready.id]);
    expect([...data.queue.keys()]).toEqual([draft.id]);
    expect(data.queue.get(draft.id)!.state).toBe("draft");
  });

  test.each([409, 400])("a %i moves the answer aside for staff (kept, counted) and goes on with the next", async (status) => {
    const refused = queued();
    const next = queued();
    const { store, data } = memoryStore([refused, next]);
    const f = fakeFetch(data, (path, body) => {
      if (path !== "/api/v1/responses") return others(path);
      return body.id === refused.id ? json(status, { error: "version 3 is not the current questionnaire" }) : json(201);
    });
    const { statuses } = start(store, f.fetch);
    await runNow();

    expect(f.posts().map((c) => (c.body as { id: string }).id)).toEqual([refused.id, next.id]);
    expect(data.queue.size).toBe(0);
    expect(data.rejected.get(refused.id)).toMatchObject({ id: refused.id, answers: refused.answers, rejected: { status, error: "version 3 is not the current questionnaire" } });
    expect(statuses.at(-1)).toMatchObject({ queued: 0, rejected: 1 });
    // Refused for good: a later sync does not send it again.
    loops[0]!.kick();
    await runNow();
    expect(f.posts().filter((c) => (c.body as { id: string }).id === refused.id)).toHaveLength(1);
  });

  test.each(["network-error", "503"] as const)("a %s keeps the answer, counts the attempt and retries after the backoff", async (failure) => {
    const first = queued();
    const second = queued();
    const { store, data } = memoryStore([first, second]);
    let down = true;
    const f = fakeFetch(data, (path) => {
      if (path !== "/api/v1/responses") return others(path);
      if (down) return failure === "503" ? json(503, { error: "busy" }) : "network-error";
      return json(201);
    });
    // The jitter at its top: each wait is exactly its ceiling (2 s, then 4 s).
    vi.spyOn(Math, "random").mockReturnValue(0.999999);
    const { statuses } = start(store, f.fetch);
    await runNow();

    // Stopped at the first failure: nothing deleted, nothing refused, the second not tried yet.
    expect(f.posts()).toHaveLength(1);
    expect([...data.queue.keys()].sort()).toEqual([first.id, second.id].sort());
    expect(data.queue.get(first.id)!.attempts).toBe(1);
    expect(data.queue.get(second.id)!.attempts).toBe(0);
    expect(data.rejected.size).toBe(0);
    expect(statuses.at(-1)).toMatchObject({ queued: 2, rejected: 0, revoked: false });
    expect(f.calls.some((c) => c.path.endsWith("/heartbeat"))).toBe(false);

    // The first retry waits the base delay: not before.
    await vi.advanceTimersByTimeAsync(SYNC_BASE_DELAY_MS - 1);
    await settle();
    expect(f.posts()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(f.posts()).toHaveLength(2);
    expect(data.queue.get(first.id)!.attempts).toBe(2);

    // Still failing: the wait doubles.
    await vi.advanceTimersByTimeAsync(2 * SYNC_BASE_DELAY_MS - 1);
    await settle();
    expect(f.posts()).toHaveLength(2);

    // The network comes back: both go, oldest first.
    down = false;
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(f.posts().slice(2).map((c) => (c.body as { id: string }).id)).toEqual([first.id, second.id]);
    expect(data.queue.size).toBe(0);
  });

  test("a 10-minute outage: a dozen tries at most, nothing dropped; all sent once, in order, the moment the network is back", async () => {
    const answers = [1, 2, 3, 4, 5].map(() => queued());
    const { store, data } = memoryStore(answers);
    let down = true;
    const f = fakeFetch(data, (path) => (path !== "/api/v1/responses" ? others(path) : down ? "network-error" : json(201)));
    const { loop } = start(store, f.fetch);
    await runNow();
    for (let minute = 0; minute < 10; minute++) {
      await vi.advanceTimersByTimeAsync(60_000);
      await settle();
    }
    const tries = f.posts().length;
    expect(tries).toBeGreaterThanOrEqual(4);
    expect(tries).toBeLessThanOrEqual(12);
    expect(data.queue.size).toBe(5);
    expect(data.rejected.size).toBe(0);
    down = false;
    loop.kick(); // the "online" event
    await runNow();
    expect(f.posts().slice(tries).map((c) => (c.body as { id: string }).id)).toEqual([...answers].sort((a, b) => a.answeredAt.localeCompare(b.answeredAt)).map((q) => q.id));
    expect(data.queue.size).toBe(0);
  });

  test("a 401 marks the device revoked, stops, and keeps everything queued", async () => {
    const a = queued();
    const b = queued();
    const { store, data } = memoryStore([a, b]);
    const f = fakeFetch(data, (path) => (path === "/api/v1/responses" ? json(401, { error: "revoked" }) : others(path)));
    const { statuses } = start(store, f.fetch);
    await runNow();

    expect(data.device!.revokedAt).toBe("2026-12-02T09:00:00.000Z");
    expect(f.posts()).toHaveLength(1);
    expect([...data.queue.keys()].sort()).toEqual([a.id, b.id].sort());
    expect(data.queue.get(a.id)!.attempts).toBe(0);
    expect(data.rejected.size).toBe(0);
    expect(statuses.at(-1)).toMatchObject({ revoked: true, queued: 2 });

    // Stopped: neither time nor a kick sends anything more.
    loops[0]!.kick();
    await vi.advanceTimersByTimeAsync(SYNC_MAX_DELAY_MS * 2);
    await settle();
    expect(f.calls).toHaveLength(1);
  });

  test("a device already revoked sends nothing", async () => {
    const { store, data } = memoryStore([queued()]);
    data.device = { ...device, revokedAt: "2026-12-01T10:00:00.000Z" };
    const f = fakeFetch(data, () => json(201));
    const { statuses } = start(store, f.fetch);
    await runNow();
    expect(f.calls).toHaveLength(0);
    expect(statuses.at(-1)).toMatchObject({ revoked: true, queued: 1 });
  });

  test("refreshSurvey stores a newer questionnaire and hands it on; the same one again is not news", async () => {
    const newer: KioskSurvey = {
      ...survey,
      version: 4,
      questions: [...survey.questions, { key: "comment", group: null, required: false, text: { vi: "Góp ý?", en: "Suggestions?" }, type: "text", maxLength: 2000 }],
    };
    const { store, data } = memoryStore();
    const f = fakeFetch(data, (path) => (path === "/api/v1/service-points/UBND-P1-MC/survey" ? json(200, newer) : others(path)));
    const { loop, onSurvey } = start(store, f.fetch);
    await runNow();

    const get = f.calls.find((c) => c.path.endsWith("/survey"))!;
    expect(get.method).toBe("GET");
    expect(data.survey).toMatchObject({ version: 4, questions: newer.questions });
    expect(onSurvey).toHaveBeenCalledTimes(1);
    expect(onSurvey).toHaveBeenCalledWith(newer);

    loop.kick();
    await runNow();
    expect(f.calls.filter((c) => c.path.endsWith("/survey"))).toHaveLength(2);
    expect(onSurvey).toHaveBeenCalledTimes(1);
  });

  test("the heartbeat posts {queued, appVersion} with the Bearer token", async () => {
    const { store, data } = memoryStore([queued({ state: "draft" })]);
    data.rejected.set("r1", queued({ id: "r1" }));
    const f = fakeFetch(data, (path) => (path.endsWith("/heartbeat") ? json(200, { kiosk: { ...device.kiosk, resetSeconds: 15 } }) : others(path)));
    start(store, f.fetch);
    await runNow();

    const beat = f.calls.find((c) => c.path === "/api/v1/kiosk/heartbeat")!;
    expect(beat.method).toBe("POST");
    expect(beat.headers.Authorization).toBe("Bearer kiosk_token_abc");
    expect(beat.headers["Content-Type"]).toBe("application/json");
    // Everything still on the tablet: the draft and the refused one.
    expect(beat.body).toEqual({ queued: 2, appVersion: "hai-long/test-1" });
    // The server's reset delay is taken up.
    expect(data.device!.kiosk.resetSeconds).toBe(15);

    // The next beat comes a heartbeat interval later.
    await vi.advanceTimersByTimeAsync(60_000);
    await settle();
    expect(f.calls.filter((c) => c.path === "/api/v1/kiosk/heartbeat")).toHaveLength(2);
  });
});
