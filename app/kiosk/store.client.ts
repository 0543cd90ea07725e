import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { QueuedResponse } from "~/domain/kiosk-sync";

/** What `POST /api/v1/kiosk/pair` and the heartbeat answer about the kiosk. */
export type KioskInfo = { id: number; name: string; servicePoint: { code: string; name: string; nameEn: string }; resetSeconds: number };

/** The tablet's pairing: its device token (the only copy) and what it is. */
export type Device = { token: string; kiosk: KioskInfo; pairedAt: string; revokedAt: string | null };

/** `GET /api/v1/service-points/:code/survey`, as the tablet keeps it for offline use. */
export type KioskSurvey = {
  servicePoint: { code: string; name: Texts; agency: { code: string; name: Texts } };
  sectors: Array<{ code: string; name: Texts }>;
  version: number;
  questions: KioskQuestion[];
};
type Texts = { vi: string; en: string };
export type KioskQuestion = { key: string; group: string | null; required: boolean; text: Texts } & (
  | { type: "scale"; overall: boolean; allowNA: boolean }
  | { type: "choice"; options: Array<{ value: string; text: Texts }> }
  | { type: "number"; min: number; max: number }
  | { type: "text"; maxLength: number }
);

interface KioskSchema extends DBSchema {
  device: { key: "current"; value: Device };
  survey: { key: "current"; value: KioskSurvey & { fetchedAt: string } };
  /** Answers waiting to be sent (drafts while a citizen is still answering). */
  queue: { key: string; value: QueuedResponse };
  /** Answers the server refused for good: off the queue, kept for staff. */
  rejected: { key: string; value: QueuedResponse };
}

export type KioskStore = Awaited<ReturnType<typeof openKioskStore>>;

const DB_NAME = "hai-long-kiosk";

/**
 * The tablet's IndexedDB: its pairing, the questionnaire it serves offline,
 * and its queue. Every write is awaited before the screen moves on, so an
 * answer is on disk before the citizen sees "thank you".
 */
export async function openKioskStore() {
  const db: IDBPDatabase<KioskSchema> = await openDB<KioskSchema>(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore("device");
      db.createObjectStore("survey");
      db.createObjectStore("queue", { keyPath: "id" });
      db.createObjectStore("rejected", { keyPath: "id" });
    },
  });
  return {
    device: () => db.get("device", "current"),
    saveDevice: (device: Device) => db.put("device", device, "current").then(() => undefined),
    survey: () => db.get("survey", "current"),
    saveSurvey: (survey: KioskSurvey) => db.put("survey", { ...survey, fetchedAt: new Date().toISOString() }, "current").then(() => undefined),
    /** Writes (or rewrites) one answer; a draft grows as the citizen answers more. */
    put: (q: QueuedResponse) => db.put("queue", q).then(() => undefined),
    /** A page closed mid-survey left drafts: what the citizen gave is still an answer. */
    async finaliseDrafts(): Promise<void> {
      const tx = db.transaction("queue", "readwrite");
      for (const q of await tx.store.getAll()) if (q.state === "draft") await tx.store.put({ ...q, state: "ready" });
      await tx.done;
    },
    /** Ready answers, oldest first. */
    async ready(): Promise<QueuedResponse[]> {
      const all = await db.getAll("queue");
      return all.filter((q) => q.state === "ready").sort((a, b) => a.answeredAt.localeCompare(b.answeredAt));
    },
    stored: (id: string) => db.delete("queue", id),
    /** Moves a refused answer off the queue, in one transaction: it is in one store or the other, never neither. */
    async reject(q: QueuedResponse, status: number, error: string): Promise<void> {
      const tx = db.transaction(["queue", "rejected"], "readwrite");
      await tx.objectStore("rejected").put({ ...q, rejected: { status, error: error.slice(0, 500), at: new Date().toISOString() } });
      await tx.objectStore("queue").delete(q.id);
      await tx.done;
    },
    failed: async (q: QueuedResponse) => {
      const current = await db.get("queue", q.id);
      if (current) await db.put("queue", { ...current, attempts: current.attempts + 1 });
    },
    async counts(): Promise<{ queued: number; rejected: number }> {
      return { queued: await db.count("queue"), rejected: await db.count("rejected") };
    },
    /** Everything still on the tablet, for staff to hand over when it cannot be sent. */
    async everything(): Promise<{ queue: QueuedResponse[]; rejected: QueuedResponse[] }> {
      return { queue: await db.getAll("queue"), rejected: await db.getAll("rejected") };
    },
  };
}
