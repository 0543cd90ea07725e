import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { backoffDelayMs, submissionBody, SYNC_BASE_DELAY_MS, SYNC_MAX_DELAY_MS, verdictOf, type QueuedResponse } from "~/domain/kiosk-sync";
import type { Device, KioskStore, KioskSurvey } from "~/kiosk/store.client";
import { KioskSync, type SyncStatus } from "~/kiosk/sync.client";

describe("what a reply means for a queued answer", () => {
  test.each([200, 201])("%i: stored", (s) => expect(verdictOf(s)).toBe("stored"));
  test("401: revoked", () => expect(verdictOf(401)).toBe("revoked"));
  test.each([400, 403, 404, 409, 413, 415, 422])("%i: refused for good", (s) => expect(verdictOf(s)).toBe("rejected"));
  test.each([0, 408, 425, 429, 500, 502, 503, 504])("%i: try again", (s) => expect(verdictOf(s)).toBe("retry"));
});

describe("the backoff", () => {
  test("doubles from 2 s, within [ceiling/2, ceiling], capped at 5 minutes", () => {
    expect(backoffDelayMs(1, () => 1)).toBe(SYNC_BASE_DELAY_MS);
    expect(backoffDelayMs(2, () => 1)).toBe(2 * SYNC_BASE_DELAY_MS);
    expect(backoffDelayMs(3, () => 0)).toBe(2 * SYNC_BASE_DELAY_MS);
    expect(backoffDelayMs(50, () => 1)).toBe(SYNC_MAX_DELAY_MS);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (failures, r) => {
        const ceiling = Math.min(SYNC_MAX_DELAY_MS, SYNC_BASE_DELAY_MS * 2 ** Math.min(30, failures - 1));
        const d = backoffDelayMs(failures, () => r);
        return d >= ceiling / 2 - 1 && d <= ceiling + 1;
      }),
    );
  });
});

const queued = (n: number, extra: Partial<QueuedResponse> = {}): QueuedResponse => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  state: "ready",
  servicePoint: "TT-DD-01",
  sector: null,
  version: 1,
  locale: "vi",
  answeredAt: `2026-12-02T08:0${n}:00.000Z`,
  answers: { overall: n },
  attempts: 0,
  ...extra,
});

test("the body sent: id, point, version, answeredAt and answers; no sector when none was chosen", () => {
  expect(submissionBody(queued(1))).toEqual({ id: queued(1).id, servicePoint: "TT-DD-01", locale: "vi", answeredAt: "2026-12-02T08:01:00.000Z", version: 1, answers: { overall: 1 } });
  expect(submissionBody(queued(1, { sector: "land" })).sector).toBe("land");
});

/** Our store's interface over plain maps: what KioskSync reads and writes. */
function memoryStore(items: QueuedResponse[]) {
  let device: Device | undefined = { token: "t_kiosk", kiosk: { id: 1, name: "Quầy 1", servicePoint: { code: "TT-DD-01", name: "Quầy", nameEn: "Desk" }, resetSeconds: 20 }, pairedAt: "", revokedAt: null };
  let survey: (KioskSurvey & { fetchedAt: string }) | undefined;
  const queue = new Map(items.map((q) => [q.id, q]));
  const rejected = new Map<string, QueuedResponse>();
  const store = {
    device: async () => device,
    saveDevice: async (d: Device) => void (device = d),
    survey: async () => survey,
    saveSurvey: async (s: KioskSurvey) => void (survey = { ...s, fetchedAt: "now" }),
    ready: async () => [...queue.values()].filter((q) => q.state === "ready").sort((a, b) => a.answeredAt.localeCompare(b.answeredAt)),
    stored: async (id: string) => void queue.delete(id),
    reject: async (q: QueuedResponse, status: number, error: string) => {
      rejected.set(q.id, { ...q, rejected: { status, error, at: "now" } });
      queue.delete(q.id);
    },
    failed: async (q: QueuedResponse) => void queue.set(q.id, { ...queue.get(q.id)!, attempts: queue.get(q.id)!.attempts + 1 }),
    counts: async () => ({ queued: queue.size, rejected: rejected.size }),
  };
  return { store: store as unknown as KioskStore, queue, rejected, device: () => device };
}

const SURVEY: KioskSurvey = {
  servicePoint: { code: "TT-DD-01", name: { vi: "Quầy", en: "Desk" }, agency: { code: "TT", name: { vi: "Trung tâm", en: "Centre" } } },
  sectors: [{ code: "land", name: { vi: "Đất đai", en: "Land" } }],
  version: 2,
  questions: [{ key: "overall", type: "scale", overall: true, allowNA: false, required: true, group: null, text: { vi: "Nhìn chung?", en: "Overall?" } }],
};

describe("the sync loop", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function loop(store: KioskStore, replies: (path: string, init: RequestInit) => Response | Promise<Response>) {
    const calls: Array<{ path: string; body: any; auth: string | null }> = [];
    const statuses: SyncStatus[] = [];
    const surveys: KioskSurvey[] = [];
    const fetch = vi.fn(async (path: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ path: String(path), body: init?.body ? JSON.parse(String(init.body)) : null, auth: new Headers(init?.headers).get("Authorization") });
      return replies(String(path), init ?? {});
    });
    const sync = new KioskSync({ store, appVersion: "test/1", onStatus: (s) => statuses.push(s), onSurvey: (s) => surveys.push(s), fetch: fetch as typeof globalThis.fetch });
    return { sync, calls, statuses, surveys };
  }
  const json = (status: number, body: unknown = {}) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  const survey = (path: string) => (path.endsWith("/survey") ? json(200, SURVEY) : null);

  test("sends ready answers oldest first with the device token, deletes each after a 2xx, never a draft; then the survey and a heartbeat", async () => {
    const m = memoryStore([queued(3), queued(1), queued(2, { state: "draft" })]);
    const { sync, calls, surveys } = loop(m.store, (path) => survey(path) ?? json(path.endsWith("heartbeat") ? 200 : 201, { kiosk: m.device()!.kiosk }));
    sync.kick();
    await vi.advanceTimersByTimeAsync(10);
    const posts = calls.filter((c) => c.path === "/api/v1/responses");
    expect(posts.map((c) => c.body.id)).toEqual([queued(1).id, queued(3).id]);
    expect(posts.every((c) => c.auth === "Bearer t_kiosk")).toBe(true);
    expect([...m.queue.keys()]).toEqual([queued(2).id]);
    expect(surveys.map((s) => s.version)).toEqual([2]);
    expect(calls.find((c) => c.path.endsWith("heartbeat"))?.body).toEqual({ queued: 1, appVersion: "test/1" });
    sync.stop();
  });

  test("a definitive refusal moves the answer aside (kept) and goes on with the next", async () => {
    const m = memoryStore([queued(1), queued(2)]);
    const { sync } = loop(m.store, (path, init) => survey(path) ?? (JSON.parse(String(init.body ?? "{}")).id === queued(1).id ? json(409, { error: "id was already used" }) : json(201)));
    sync.kick();
    await vi.advanceTimersByTimeAsync(10);
    expect(m.queue.size).toBe(0);
    expect(m.rejected.get(queued(1).id)?.rejected).toMatchObject({ status: 409, error: "id was already used" });
    sync.stop();
  });

  test("no network or a 503: nothing deleted, the attempt counted, tried again later with backoff until it goes", async () => {
    const m = memoryStore([queued(1), queued(2)]);
    let down = true;
    const { sync, calls } = loop(m.store, (path) => {
      if (down) throw new TypeError("Failed to fetch");
      return survey(path) ?? json(201);
    });
    sync.kick();
    await vi.advanceTimersByTimeAsync(10);
    expect(m.queue.size).toBe(2);
    expect(m.queue.get(queued(1).id)!.attempts).toBe(1);
    const before = calls.length;
    await vi.advanceTimersByTimeAsync(999); // the first retry waits at least 1 s
    expect(calls.length).toBe(before);
    await vi.advanceTimersByTimeAsync(SYNC_BASE_DELAY_MS);
    expect(calls.length).toBe(before + 1);
    expect(m.queue.get(queued(1).id)!.attempts).toBe(2);
    down = false;
    sync.kick(); // the network is back: at once, not after the backoff
    await vi.advanceTimersByTimeAsync(10);
    expect(m.queue.size).toBe(0);
    sync.stop();
  });

  test("a 401 stops everything and keeps the queue; the device is marked revoked", async () => {
    const m = memoryStore([queued(1), queued(2), queued(3)]);
    const { sync, calls, statuses } = loop(m.store, () => json(401, { error: "revoked" }));
    sync.kick();
    await vi.advanceTimersByTimeAsync(10);
    expect(m.queue.size).toBe(3);
    expect(m.device()!.revokedAt).not.toBeNull();
    expect(statuses.at(-1)).toMatchObject({ queued: 3, revoked: true });
    const sent = calls.length;
    sync.kick();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(calls.length).toBe(sent);
  });

  test("a 10-minute outage: a few attempts spaced out by the backoff, nothing dropped; everything sent once when the network is back", async () => {
    const m = memoryStore([queued(1), queued(2), queued(3), queued(4), queued(5)]);
    let down = true;
    const { sync, calls } = loop(m.store, (path) => {
      if (down) throw new TypeError("Failed to fetch");
      return survey(path) ?? json(201);
    });
    sync.kick();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    const attempts = calls.length;
    // 2 s doubling to a 5-minute cap: at most a dozen tries in ten minutes, not thousands.
    expect(attempts).toBeGreaterThanOrEqual(4);
    expect(attempts).toBeLessThanOrEqual(12);
    expect(m.queue.size).toBe(5);
    down = false;
    sync.kick();
    await vi.advanceTimersByTimeAsync(10);
    const posted = calls.slice(attempts).filter((c) => c.path === "/api/v1/responses").map((c) => c.body.id);
    expect(posted).toEqual([1, 2, 3, 4, 5].map((n) => queued(n).id));
    expect(m.queue.size).toBe(0);
    sync.stop();
  });
});
