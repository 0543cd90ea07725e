import { backoffDelayMs, KIOSK_HEARTBEAT_MS, submissionBody, surveyPath, verdictOf } from "~/domain/kiosk-sync";
import type { Device, KioskStore, KioskSurvey } from "./store.client";

/** What the tablet shows staff about its queue. */
export type SyncStatus = {
  queued: number;
  rejected: number;
  revoked: boolean;
  syncing: boolean;
  lastSyncAt: string | null;
};

type Options = {
  store: KioskStore;
  appVersion: string;
  onStatus: (status: SyncStatus) => void;
  /** A newer questionnaire was fetched and stored: the next citizen gets it. */
  onSurvey: (survey: KioskSurvey) => void;
  fetch?: typeof fetch;
};

const REQUEST_TIMEOUT_MS = 15_000;

/**
 * The tablet's sync loop: sends ready answers one at a time, oldest first,
 * through `POST /api/v1/responses` (idempotent by id), deleting each only
 * after a 2xx; a definitive refusal moves it aside for staff; anything else
 * keeps it and waits (exponential backoff with jitter). A 401 stops the loop
 * with everything kept. One run at a time, across tabs too (Web Locks).
 */
export class KioskSync {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private running = false;
  private again = false;
  private lastHeartbeat = 0;
  private lastSyncAt: string | null = null;
  private revoked = false;
  private stopped = false;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: Options) {
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** Try now (a new answer, the network came back, the page opened): the backoff starts over. */
  kick(): void {
    if (this.stopped) return;
    this.failures = 0;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Reports the queue's counts without sending anything. */
  async report(): Promise<void> {
    const counts = await this.options.store.counts();
    this.options.onStatus({ ...counts, revoked: this.revoked, syncing: this.running, lastSyncAt: this.lastSyncAt });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, delayMs);
  }

  private async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
      if (locks) await locks.request("hai-long-kiosk-sync", () => this.cycle());
      else await this.cycle();
    } catch (error) {
      // IndexedDB or a bug: never lose the queue over it; try again later.
      console.error("kiosk sync", error);
      this.failures += 1;
      this.schedule(backoffDelayMs(this.failures));
    } finally {
      this.running = false;
      await this.report().catch(() => undefined);
      if (this.again) {
        this.again = false;
        this.schedule(0);
      }
    }
  }

  private async cycle(): Promise<void> {
    const { store } = this.options;
    const device = await store.device();
    if (!device) return;
    if (device.revokedAt) {
      this.revoked = true;
      return;
    }
    await this.report();
    for (const q of await store.ready()) {
      const reply = await this.send(device, "/api/v1/responses", submissionBody(q));
      const verdict = reply ? verdictOf(reply.status) : "retry";
      if (verdict === "stored") {
        await store.stored(q.id);
      } else if (verdict === "rejected") {
        await store.reject(q, reply!.status, await errorText(reply!));
      } else if (verdict === "revoked") {
        await this.markRevoked(device);
        return;
      } else {
        await store.failed(q);
        this.failures += 1;
        this.schedule(backoffDelayMs(this.failures));
        return;
      }
      await this.report();
    }
    this.failures = 0;
    this.lastSyncAt = new Date().toISOString();
    await this.refreshSurvey(device);
    if (Date.now() - this.lastHeartbeat >= KIOSK_HEARTBEAT_MS) await this.heartbeat(device);
    this.schedule(KIOSK_HEARTBEAT_MS);
  }

  /** Tells the server how the tablet is (last contact, queue, version); also how it learns a new reset delay. */
  private async heartbeat(device: Device): Promise<void> {
    const { queued, rejected } = await this.options.store.counts();
    const reply = await this.send(device, "/api/v1/kiosk/heartbeat", { queued: queued + rejected, appVersion: this.options.appVersion });
    if (!reply) return;
    if (reply.status === 401) return this.markRevoked(device);
    if (reply.ok) {
      this.lastHeartbeat = Date.now();
      const body = (await reply.json().catch(() => null)) as { kiosk?: Device["kiosk"] } | null;
      if (body?.kiosk) await this.options.store.saveDevice({ ...device, kiosk: body.kiosk });
    }
  }

  /** A questionnaire published while the tablet was offline arrives here, at the first sync back. */
  private async refreshSurvey(device: Device): Promise<void> {
    const reply = await this.request(surveyPath(device.kiosk.servicePoint.code), { method: "GET" });
    if (!reply?.ok) return;
    const survey = (await reply.json().catch(() => null)) as KioskSurvey | null;
    if (!survey || !Array.isArray(survey.questions)) return;
    const current = await this.options.store.survey();
    if (current && current.version === survey.version && JSON.stringify({ ...current, fetchedAt: undefined }) === JSON.stringify({ ...survey, fetchedAt: undefined })) return;
    await this.options.store.saveSurvey(survey);
    this.options.onSurvey(survey);
  }

  private async markRevoked(device: Device): Promise<void> {
    this.revoked = true;
    await this.options.store.saveDevice({ ...device, revokedAt: new Date().toISOString() });
    this.stop();
  }

  private send(device: Device, path: string, body: unknown): Promise<Response | null> {
    return this.request(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${device.token}` },
      body: JSON.stringify(body),
    });
  }

  /** A fetch that never throws: null when the network failed or took too long. */
  private async request(path: string, init: RequestInit): Promise<Response | null> {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      return await this.fetch(path, { ...init, signal: controller.signal, cache: "no-store" });
    } catch {
      return null;
    } finally {
      clearTimeout(timeout);
    }
  }
}

async function errorText(reply: Response): Promise<string> {
  const body = (await reply.json().catch(() => null)) as { error?: unknown } | null;
  return typeof body?.error === "string" ? body.error : `HTTP ${reply.status}`;
}
