import type { DB } from "../client";
import { caseDueAt, trackingCodeFromBytes } from "../../app/domain/cases";
import { createRandom } from "./random";

/*
 * Demo follow-up cases, deterministic for a seed and a clock like the
 * responses: some dissatisfied respondents of the last weeks left a phone or
 * an e-mail with consent. Some cases are still open (a few past their due
 * date), some answered, some closed, so the case pages, the overview's
 * overdue count and /tra-cuu have a story.
 */

const DAY = 24 * 60 * 60 * 1000;
/** Only recent responses: older cases would long be closed (and their contacts cleared). */
const WINDOW_DAYS = 45;

const ANSWERS = [
  "Cơ quan xin lỗi Ông/Bà vì sự chậm trễ. Bộ phận một cửa đã rà soát lại quy trình và sẽ báo trước khi hồ sơ có khả năng trễ hẹn.",
  "Cảm ơn Ông/Bà đã phản ánh. Công chức tiếp nhận đã được nhắc nhở về thái độ phục vụ; lãnh đạo đơn vị sẽ theo dõi việc khắc phục.",
  "Cơ quan đã bổ sung biển chỉ dẫn và ghế chờ tại khu vực tiếp nhận hồ sơ theo góp ý của Ông/Bà.",
  "Hồ sơ của Ông/Bà đã được giải quyết xong; cơ quan xin lỗi vì phải đi lại nhiều lần và đã hướng dẫn lại thành phần hồ sơ trên cổng dịch vụ công.",
];
const NOTES = [
  "Đã gọi điện cho người dân, hẹn trả lời bằng văn bản.",
  "Chuyển bộ phận thụ lý kiểm tra lại tiến độ hồ sơ.",
  "Người dân xác nhận đã nhận được kết quả.",
];

/**
 * Opens `count` cases for dissatisfied respondents (overall score 1 or 2)
 * spread over the last weeks, one per response, as if each had left a
 * consented contact. The same seed and clock give the same cases.
 */
export async function seedCases(
  db: DB,
  { count, seed, now = new Date(), dueDays = 5 }: { count: number; seed: number; now?: Date; dueDays?: number },
): Promise<number> {
  if (count <= 0) return 0;
  const since = new Date(now.getTime() - WINDOW_DAYS * DAY).toISOString();
  const candidates = await db
    .selectFrom("responses as r")
    .innerJoin("answers as a", "a.response_id", "r.id")
    .innerJoin("questions as q", "q.id", "a.question_id")
    .innerJoin("service_points as p", "p.id", "r.service_point_id")
    .leftJoin("cases as c", "c.response_id", "r.id")
    .select(["r.id", "r.service_point_id", "r.sector_id", "r.answered_at", "p.agency_id"])
    .where("q.is_overall", "=", 1)
    .where("a.score", "<=", 2)
    .where("r.answered_at", ">=", since)
    .where("r.answered_at", "<=", now.toISOString())
    .where("c.id", "is", null)
    .orderBy("r.answered_at")
    .orderBy("r.id")
    .execute();
  if (candidates.length === 0) return 0;
  // Spread over the window, so that some are long past their due date and some still fresh.
  const taken = Math.min(count, candidates.length);
  const dissatisfied = Array.from({ length: taken }, (_, i) => candidates[Math.floor((i * candidates.length) / taken)]!);

  // Its own stream, so cases change nothing else of the same seed.
  const random = createRandom(seed * 104_729 + 29);
  const bytes = () => Uint8Array.from({ length: 10 }, () => random.int(0, 255));
  const rows = dissatisfied.map((r, i) => {
    const opened = new Date(r.answered_at);
    const dueAt = caseDueAt(opened, dueDays);
    const past = Date.parse(dueAt) < now.getTime();
    // Recent cases are mostly still open; older ones mostly answered or closed, a few left overdue.
    const roll = random.int(0, 99);
    const status = !past ? (roll < 70 ? "open" : "answered") : roll < 20 ? "open" : roll < 65 ? "answered" : "closed";
    const answeredAt = status === "open" ? null : new Date(Math.min(now.getTime(), opened.getTime() + random.int(1, dueDays + 2) * DAY)).toISOString();
    const closedAt = status === "closed" ? new Date(Math.min(now.getTime(), Date.parse(answeredAt!) + random.int(1, 3) * DAY)).toISOString() : null;
    const byEmail = random.chance(0.35);
    return {
      code: trackingCodeFromBytes(bytes()),
      response_id: r.id,
      agency_id: r.agency_id,
      service_point_id: r.service_point_id,
      sector_id: r.sector_id,
      status: status as "open" | "answered" | "closed",
      due_at: dueAt,
      contact_phone: byEmail ? null : `09${String(random.int(10_000_000, 99_999_999))}`,
      contact_email: byEmail ? `nguoidan${i + 1}@example.vn` : null,
      public_answer: answeredAt ? random.pick(ANSWERS) : null,
      answered_at: answeredAt,
      answer_count: answeredAt ? 1 : 0,
      closed_at: closedAt,
      created_at: r.answered_at,
      updated_at: closedAt ?? answeredAt ?? r.answered_at,
    };
  });

  await db.transaction().execute(async (trx) => {
    const stored = await trx.insertInto("cases").values(rows).returning(["id", "created_at"]).execute();
    const notes = stored
      .filter(() => random.chance(0.4))
      .map((c) => ({
        case_id: c.id,
        author_user_id: null,
        author_name: "Dữ liệu mẫu",
        body: random.pick(NOTES),
        created_at: new Date(Math.min(now.getTime(), Date.parse(c.created_at) + DAY)).toISOString(),
      }));
    if (notes.length > 0) await trx.insertInto("case_notes").values(notes).execute();
  });
  return rows.length;
}
