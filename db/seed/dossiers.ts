import type { DB } from "../client";
import { apologyDueBy } from "../../app/domain/dossiers";
import { MS_PER_DAY, VIETNAM_OFFSET_MS } from "../../app/domain/vietnam-time";
import { SECTORS, seedPointTraits } from "./organisation";
import { createRandom, type Random } from "./random";
import { recountIntoDossierSummaries } from "../../app/modules/dossiers/dossier-summaries.repository.server";

/*
 * Demo dossiers from the one-stop software, deterministic for a seed and a
 * clock like the responses: most returned on time, some late (one agency,
 * the provincial land desk, often enough to fall below the plan's 95%),
 * apologies sent in time, sent late or still owed, open dossiers past due,
 * and returned dossiers' tickets, some used by the seeded responses so the
 * response rate is not zero.
 */

/** Dossiers come from the one-stop software: administrative procedures only, not hospitals or schools. */
const ONE_STOP_SECTORS = new Set(SECTORS.filter((s) => s.questionnaire === "tthc").map((s) => s.code));
/** The agency whose dossiers are often late in the demo, and how often; every other agency's. */
const SLOW_AGENCY = "so-nnmt";
const SLOW_LATE_SHARE = 0.15;
const USUAL_LATE_SHARE = 0.015;
/** How many returned dossiers' citizens answer the survey with their ticket. */
const TICKET_RESPONSE_SHARE = 0.3;

const PROCEDURES: Record<string, string[]> = {
  land: [
    "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
    "Đăng ký biến động quyền sử dụng đất",
    "Chuyển mục đích sử dụng đất",
    "Tách thửa, hợp thửa đất",
  ],
  construction: ["Cấp giấy phép xây dựng nhà ở riêng lẻ", "Cấp giấy phép sửa chữa, cải tạo công trình", "Thẩm định thiết kế xây dựng"],
  investment: ["Cấp giấy chứng nhận đăng ký đầu tư", "Điều chỉnh giấy chứng nhận đăng ký đầu tư", "Chấp thuận chủ trương đầu tư"],
  admin: ["Đăng ký khai sinh", "Chứng thực bản sao từ bản chính", "Đăng ký kết hôn", "Xác nhận tình trạng hôn nhân"],
};
const REASONS = [
  "Hồ sơ cần xác minh thêm nguồn gốc đất với UBND cấp xã.",
  "Cơ quan phối hợp chưa có văn bản trả lời đúng thời hạn.",
  "Cán bộ thụ lý nghỉ ốm đột xuất, chưa kịp bàn giao hồ sơ.",
  "Hệ thống phần mềm một cửa bị gián đoạn trong hai ngày.",
  "Cần lấy thêm ý kiến của cơ quan chuyên môn cấp tỉnh.",
];
const SURNAMES = ["nguyen", "tran", "le", "pham", "hoang", "phan", "vu", "dang"];

type OneStopPoint = { id: number; code: string; agencyCode: string; sectors: Array<{ id: number; code: string }>; weight: number };

async function loadOneStopPoints(db: DB): Promise<OneStopPoint[]> {
  const rows = await db
    .selectFrom("service_points as p")
    .innerJoin("agencies as g", "g.id", "p.agency_id")
    .innerJoin("service_point_sectors as ps", "ps.service_point_id", "p.id")
    .innerJoin("sectors as s", "s.id", "ps.sector_id")
    .select(["p.id", "p.code", "g.code as agency_code", "s.id as sector_id", "s.code as sector_code"])
    .where("p.active", "=", 1)
    .orderBy("p.id")
    .orderBy("s.sort_order")
    .execute();
  const points = new Map<number, OneStopPoint>();
  for (const r of rows) {
    if (!ONE_STOP_SECTORS.has(r.sector_code)) continue;
    const point = points.get(r.id) ?? { id: r.id, code: r.code, agencyCode: r.agency_code, sectors: [], weight: seedPointTraits(r.code)?.weight ?? 1 };
    point.sectors.push({ id: r.sector_id, code: r.sector_code });
    points.set(r.id, point);
  }
  return [...points.values()];
}

/** Vietnam wall-clock midnight of the day `instant` falls in, as UTC milliseconds. */
const vietnamMidnight = (ms: number) => Math.floor((ms + VIETNAM_OFFSET_MS) / MS_PER_DAY) * MS_PER_DAY - VIETNAM_OFFSET_MS;
const HOUR = 60 * 60 * 1000;

/** A weekday office-hours instant in Vietnam time within the last `days` days before `now`. */
function receivedInstant(random: Random, now: Date, days: number): number {
  for (;;) {
    const day = vietnamMidnight(now.getTime()) - random.int(0, Math.max(days - 1, 0)) * MS_PER_DAY;
    const weekday = new Date(day + VIETNAM_OFFSET_MS).getUTCDay();
    const at = day + (7.5 * 60 + random.int(0, 9 * 60)) * 60_000;
    if (weekday !== 0 && weekday !== 6 && at <= now.getTime()) return at;
  }
}

/** 17:00 Vietnam time, `days` days after the day of `ms`. */
const fivePmAfter = (ms: number, days: number) => vietnamMidnight(ms) + days * MS_PER_DAY + 17 * HOUR;

const iso = (ms: number) => new Date(ms).toISOString();

type PlannedDossier = {
  code: string;
  point: OneStopPoint;
  sectorId: number;
  procedure: string;
  receivedAt: number;
  /** As the one-stop software first gave it. */
  dueAt: number;
  returnedAt: number | null;
  lateAt: number | null;
  contact: { phone: string | null; email: string | null } | null;
  apology: { sentAt: number; reason: string; newDueAt: number | null } | "required" | null;
  answered: boolean;
};

function planDossier(random: Random, points: OneStopPoint[], i: number, now: Date, days: number): PlannedDossier {
  const point = random.weighted(points, (p) => p.weight);
  const sector = random.pick(point.sectors);
  const receivedAt = receivedInstant(random, now, days);
  const dueAt = fivePmAfter(receivedAt, random.int(3, 15));
  const late = random.chance(point.agencyCode === SLOW_AGENCY ? SLOW_LATE_SHARE : USUAL_LATE_SHARE);
  const t = now.getTime();

  let returnedAt: number | null = null;
  if (late) {
    // Some late dossiers are still open; the others came back a few hours to ten days after their due time.
    const back = dueAt + random.int(4, 240) * HOUR;
    returnedAt = random.chance(0.2) || back > t ? null : back;
  } else {
    const back = receivedAt + random.next() * (dueAt - receivedAt);
    // Not all dossiers due later are back yet.
    returnedAt = back <= t && (dueAt <= t || random.chance(0.5)) ? back : null;
  }
  const lateAt = late && dueAt < t ? dueAt : null;

  let apology: PlannedDossier["apology"] = null;
  if (lateAt !== null) {
    // Most apologies are sent within the day; some later; some are still owed.
    const sentAt = lateAt + (random.chance(0.8) ? random.int(1, 22) : random.int(26, 96)) * HOUR;
    if (random.chance(0.75) && sentAt <= t) {
      // The new date extends the due time of a dossier still open when the apology went out.
      const stillOpen = returnedAt === null || returnedAt > sentAt;
      const promised = returnedAt !== null ? fivePmAfter(returnedAt, 0) : fivePmAfter(sentAt, random.int(2, 7));
      apology = { sentAt, reason: random.pick(REASONS), newDueAt: stillOpen ? Math.max(promised, fivePmAfter(sentAt, 1)) : null };
    } else {
      apology = "required";
    }
  }

  const consent = random.chance(0.6);
  const email = random.chance(0.5);
  const contact = consent
    ? email
      ? { phone: null, email: `${random.pick(SURNAMES)}.${i + 1}@example.vn` }
      : { phone: `09${String(random.int(12_000_000, 98_999_999))}`, email: null }
    : null;
  const day = new Date(receivedAt + VIETNAM_OFFSET_MS).toISOString().slice(2, 10).replace(/-/g, "");
  return {
    code: `000.00.${String(point.id).padStart(2, "0")}.H40-${day}-${String(i + 1).padStart(4, "0")}`,
    point,
    sectorId: sector.id,
    procedure: random.pick(PROCEDURES[sector.code] ?? PROCEDURES.admin!),
    receivedAt,
    dueAt,
    returnedAt,
    lateAt,
    contact,
    apology,
    answered: returnedAt !== null && random.chance(TICKET_RESPONSE_SHARE),
  };
}

const ticketToken = (random: Random) =>
  Array.from({ length: 12 }, () => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[random.int(0, 63)]).join("");

const CHUNK = 400;
async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<void>) {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/**
 * Adds `count` dossiers received over the last `days` days at the demo's
 * one-stop points, with their apologies, due-time extensions and tickets,
 * and lets some seeded responses have been answered with those tickets.
 * The same seed and clock give the same dossiers.
 */
export async function seedDossiers(
  db: DB,
  { count, days, seed, now = new Date(), apologyDueHours = 24 }: { count: number; days: number; seed: number; now?: Date; apologyDueHours?: number },
): Promise<number> {
  if (count <= 0) return 0;
  const points = await loadOneStopPoints(db);
  if (points.length === 0) return 0;
  // Its own stream, so adding dossiers changes none of the responses of the same seed.
  const random = createRandom(seed * 7919 + 17);
  const planned = Array.from({ length: count }, (_, i) => planDossier(random, points, i, now, days));
  const tokens = planned.map((d) => (d.returnedAt !== null ? ticketToken(random) : null));
  const created = iso(now.getTime());

  await db.transaction().execute(async (trx) => {
    const ticketIds = new Map<string, number>();
    const tickets = planned.flatMap((d, i) => (tokens[i] ? [{ d, token: tokens[i]! }] : []));
    await insertChunked(tickets, async (chunk) => {
      const rows = await trx
        .insertInto("tickets")
        .values(chunk.map(({ d, token }) => ({ token, service_point_id: d.point.id, sector_id: d.sectorId, dossier_code: d.code, created_at: iso(d.returnedAt!) })))
        .returning(["id", "token"])
        .execute();
      for (const r of rows) ticketIds.set(r.token, r.id);
    });

    const dossierIds = new Map<string, number>();
    await insertChunked(planned.map((d, i) => ({ d, token: tokens[i] })), async (chunk) => {
      const rows = await trx
        .insertInto("dossiers")
        .values(
          chunk.map(({ d, token }) => {
            const extended = typeof d.apology === "object" && d.apology?.newDueAt ? d.apology.newDueAt : null;
            return {
              code: d.code,
              service_point_id: d.point.id,
              sector_id: d.sectorId,
              procedure: d.procedure,
              received_at: iso(d.receivedAt),
              due_at: iso(extended ?? d.dueAt),
              returned_at: d.returnedAt === null ? null : iso(d.returnedAt),
              contact_phone: d.contact?.phone ?? null,
              contact_email: d.contact?.email ?? null,
              consent: d.contact ? (1 as const) : (0 as const),
              late_at: d.lateAt === null ? null : iso(d.lateAt),
              ticket_id: token ? ticketIds.get(token)! : null,
              created_at: iso(d.receivedAt),
              updated_at: created,
            };
          }),
        )
        .returning(["id", "code"])
        .execute();
      for (const r of rows) dossierIds.set(r.code, r.id);
    });

    const late = planned.filter((d) => d.lateAt !== null);
    await insertChunked(late, async (chunk) => {
      await trx
        .insertInto("apologies")
        .values(
          chunk.map((d) => {
            const sent = typeof d.apology === "object" ? d.apology : null;
            return {
              dossier_id: dossierIds.get(d.code)!,
              status: sent ? ("sent" as const) : ("required" as const),
              due_by: apologyDueBy(iso(d.lateAt!), apologyDueHours),
              created_at: iso(d.lateAt!),
              sent_at: sent ? iso(sent.sentAt) : null,
              reason: sent?.reason ?? null,
              new_due_at: sent?.newDueAt ? iso(sent.newDueAt) : null,
            };
          }),
        )
        .execute();
    });
    const extensions = late.filter((d) => typeof d.apology === "object" && d.apology?.newDueAt);
    await insertChunked(extensions, async (chunk) => {
      await trx
        .insertInto("dossier_due_changes")
        .values(
          chunk.map((d) => {
            const sent = d.apology as { sentAt: number; newDueAt: number };
            return {
              dossier_id: dossierIds.get(d.code)!,
              from_due_at: iso(d.dueAt),
              to_due_at: iso(sent.newDueAt),
              changed_at: iso(sent.sentAt),
              source: "apology",
              actor_user_id: null,
              actor_name: "Dữ liệu mẫu",
            };
          }),
        )
        .execute();
    });

    await useTicketsInResponses(trx, planned, tokens, ticketIds);
    // Bulk inserts bypass the use cases that keep the timeliness roll-up in step: recount it.
    await recountIntoDossierSummaries(trx);
  });
  return count;
}

/**
 * Lets the first seeded response at the dossier's point and sector in the
 * two weeks after its return have been answered with its ticket (the
 * response rate's numerator). Responses keep their answers, so the summaries
 * stand as they are.
 */
async function useTicketsInResponses(trx: DB, planned: PlannedDossier[], tokens: Array<string | null>, ticketIds: Map<string, number>) {
  const responses = await trx
    .selectFrom("responses")
    .select(["id", "service_point_id", "sector_id", "answered_at"])
    .where("ticket_id", "is", null)
    .orderBy("answered_at")
    .orderBy("id")
    .execute();
  const byUnit = new Map<string, Array<{ id: number; at: number; used: boolean }>>();
  for (const r of responses) {
    const key = `${r.service_point_id}:${r.sector_id}`;
    const list = byUnit.get(key) ?? [];
    list.push({ id: r.id, at: Date.parse(r.answered_at), used: false });
    byUnit.set(key, list);
  }
  for (const [i, d] of planned.entries()) {
    if (!d.answered || !tokens[i]) continue;
    const list = byUnit.get(`${d.point.id}:${d.sectorId}`) ?? [];
    const match = list.find((r) => !r.used && r.at >= d.returnedAt! && r.at <= d.returnedAt! + 14 * MS_PER_DAY);
    if (!match) continue;
    match.used = true;
    const ticketId = ticketIds.get(tokens[i]!)!;
    await trx.updateTable("responses").set({ ticket_id: ticketId, channel: "ticket" }).where("id", "=", match.id).execute();
    await trx.updateTable("tickets").set({ used_at: iso(match.at) }).where("id", "=", ticketId).execute();
  }
}
