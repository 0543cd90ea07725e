import { hash } from "@node-rs/argon2";
import type SQLite from "better-sqlite3";
import { sqliteHandle, type DB } from "../client";
import type { NewAnswer, NewResponse } from "../schema";
import { DEFAULT_MIN_SAMPLE } from "../../app/domain/targets";
import { MS_PER_DAY, vietnamDate } from "../../app/domain/vietnam-time";
import { rebuildSummaries } from "../../app/modules/indices/summaries.repository.server";
import { DEMO_PASSWORD, organisationWithPoints, SECTORS, SERVICE_POINTS, seedPointTraits, USERS } from "./organisation";
import { DEMO_PLAN } from "./plan";
import { CRITERION_GROUPS, QUESTIONNAIRES } from "./questionnaires";
import { createRandom, type Random } from "./random";

/** True when the database has no organisation yet. */
export async function isEmpty(db: DB): Promise<boolean> {
  const row = await db.selectFrom("sectors").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

/** The demo's number of service points; `points` asks for another (see organisationWithPoints). */
export const DEMO_POINTS = SERVICE_POINTS.length;

/**
 * Sectors and targets, agencies, service points, the default questionnaires
 * and demo accounts. `points` service points: the demo's ten by default.
 */
export async function seedOrganisation(db: DB, { now = new Date(), points = DEMO_POINTS }: { now?: Date; points?: number } = {}): Promise<void> {
  const { agencies, servicePoints } = organisationWithPoints(points);
  const passwordHash = await hash(DEMO_PASSWORD);
  const published = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const groupIds = new Map<string, number>();
    for (const [i, g] of CRITERION_GROUPS.entries()) {
      const { id } = await trx
        .insertInto("criterion_groups")
        .values({ key: g.key, name_vi: g.vi, name_en: g.en, sort_order: i })
        .returning("id")
        .executeTakeFirstOrThrow();
      groupIds.set(g.key, id);
    }

    const questionnaireIds = new Map<string, number>();
    for (const q of QUESTIONNAIRES) {
      const { id } = await trx
        .insertInto("questionnaires")
        .values({ code: q.code, name_vi: q.vi, name_en: q.en })
        .returning("id")
        .executeTakeFirstOrThrow();
      questionnaireIds.set(q.code, id);
      const version = await trx
        .insertInto("questionnaire_versions")
        .values({ questionnaire_id: id, version: 1, status: "published", published_at: published })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("questions")
        .values(
          q.questions.map((question, position) => ({
            questionnaire_version_id: version.id,
            key: question.key,
            position,
            type: question.type,
            criterion_group_id: question.group ? groupIds.get(question.group)! : null,
            is_overall: question.overall ? 1 : 0,
            required: question.required === false ? 0 : 1,
            allow_na: question.allowNA ? 1 : 0,
            text_vi: question.vi,
            text_en: question.en,
            options_json: question.options
              ? JSON.stringify(question.options.map((o) => ({ value: o.value, text: { vi: o.vi, en: o.en } })))
              : null,
            min_value: question.min ?? null,
            max_value: question.max ?? null,
            max_length: question.maxLength ?? null,
          })),
        )
        .execute();
    }

    const sectorIds = new Map<string, number>();
    const year = Number(vietnamDate(now).slice(0, 4));
    for (const [i, s] of SECTORS.entries()) {
      const { id } = await trx
        .insertInto("sectors")
        .values({ code: s.code, name_vi: s.vi, name_en: s.en, questionnaire_id: questionnaireIds.get(s.questionnaire)!, sort_order: i })
        .returning("id")
        .executeTakeFirstOrThrow();
      sectorIds.set(s.code, id);
      await trx
        .insertInto("sector_targets")
        .values([year - 1, year].map((y) => ({
          sector_id: id,
          year: y,
          value: s.target.value,
          comparator: s.target.comparator,
          headline_index: s.target.headline,
          min_sample: DEFAULT_MIN_SAMPLE,
        })))
        .execute();
    }

    for (const y of [year - 1, year]) {
      for (const [i, p] of DEMO_PLAN.entries()) {
        const { id } = await trx
          .insertInto("plan_indicators")
          .values({
            year: y,
            key: p.key,
            name_vi: p.vi,
            name_en: p.en,
            scope: p.scope,
            measure: p.measure,
            target_value: p.value,
            comparator: p.comparator,
            min_sample: p.minSample ?? DEFAULT_MIN_SAMPLE,
            sort_order: (i + 1) * 10,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        const codes = p.sectors ?? [];
        if (codes.length > 0) {
          await trx
            .insertInto("plan_indicator_sectors")
            .values(codes.map((c) => ({ indicator_id: id, sector_id: sectorIds.get(c)! })))
            .execute();
        }
      }
    }

    const agencyIds = new Map<string, number>();
    for (const a of agencies) {
      const { id } = await trx
        .insertInto("agencies")
        .values({ code: a.code, name_vi: a.vi, name_en: a.en, parent_id: a.parent ? agencyIds.get(a.parent)! : null })
        .returning("id")
        .executeTakeFirstOrThrow();
      agencyIds.set(a.code, id);
    }

    for (const p of servicePoints) {
      const { id } = await trx
        .insertInto("service_points")
        .values({ code: p.code, agency_id: agencyIds.get(p.agency)!, name_vi: p.vi, name_en: p.en, questionnaire_id: null })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("service_point_sectors")
        .values(p.sectors.map((s) => ({ service_point_id: id, sector_id: sectorIds.get(s)! })))
        .execute();
    }

    for (const u of USERS) {
      const { id } = await trx
        .insertInto("users")
        .values({ email: u.email, name: u.name, password_hash: passwordHash, role: u.role })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (u.sectors.length > 0) {
        await trx
          .insertInto("user_sectors")
          .values(u.sectors.map((s) => ({ user_id: id, sector_id: sectorIds.get(s)! })))
          .execute();
      }
    }
  });
}

/** How each question tends to be rated relative to the point's level (synthetic data). */
const QUESTION_BIAS: Record<string, number> = {
  signage: 0.1, posted: 0, as_posted: 0.1, courtesy: 0.35, guidance: 0, result_correct: 0.15, feedback: -0.6,
  procedures: -0.7, facilities: -0.35, staff: 0.25, results: 0.3,
  information: 0.1, environment: 0.3, teaching: 0.2,
};
const SECTOR_BIAS: Record<string, number> = { land: -0.15, construction: -0.1, investment: 0.2, admin: 0.4, health: 0.1, education: 0.5 };
const COMMENTS = {
  low: [
    "Phải chờ quá lâu, cần bố trí thêm người tiếp nhận.",
    "Hồ sơ bị trả lại nhiều lần, hướng dẫn chưa rõ ràng.",
    "Hẹn trả kết quả nhưng bị trễ, không được báo trước.",
    "Khu chờ nóng, thiếu ghế ngồi.",
  ],
  mid: ["Cần niêm yết thủ tục rõ hơn.", "Nên có thêm hướng dẫn nộp hồ sơ trực tuyến."],
  high: [
    "Cán bộ nhiệt tình, hướng dẫn chu đáo. Cảm ơn!",
    "Thủ tục nhanh gọn, rất hài lòng.",
    "Nhân viên lịch sự, tận tình.",
  ],
};

function level(latent: number): number {
  if (latent < -3) return 1;
  if (latent < -1.9) return 2;
  if (latent < -0.9) return 3;
  if (latent < 1.3) return 4;
  return 5;
}

type PointInfo = { id: number; code: string; sectors: Array<{ id: number; code: string }>; quality: number; weight: number; versionBySector: Map<number, { id: number; questions: Array<{ id: number; key: string; type: string; allowNA: boolean; overall: boolean; options: string[]; min: number | null; max: number | null }> }> };

async function loadPoints(db: DB): Promise<PointInfo[]> {
  const rows = await db
    .selectFrom("service_points as p")
    .innerJoin("service_point_sectors as ps", "ps.service_point_id", "p.id")
    .innerJoin("sectors as s", "s.id", "ps.sector_id")
    .select(["p.id", "p.code", "p.questionnaire_id as point_q", "s.id as sector_id", "s.code as sector_code", "s.questionnaire_id as sector_q"])
    .where("p.active", "=", 1)
    .orderBy("p.id")
    .orderBy("s.sort_order")
    .execute();
  const versions = await db
    .selectFrom("questionnaire_versions")
    .select(["id", "questionnaire_id", "version"])
    .where("status", "=", "published")
    .orderBy("version", "desc")
    .execute();
  const questions = await db.selectFrom("questions").selectAll().orderBy("position").execute();
  const latest = new Map<number, number>();
  for (const v of versions) if (!latest.has(v.questionnaire_id)) latest.set(v.questionnaire_id, v.id);

  const points = new Map<number, PointInfo>();
  for (const r of rows) {
    const seed = seedPointTraits(r.code);
    let point = points.get(r.id);
    if (!point) {
      point = { id: r.id, code: r.code, sectors: [], quality: seed?.quality ?? 0, weight: seed?.weight ?? 1, versionBySector: new Map() };
      points.set(r.id, point);
    }
    point.sectors.push({ id: r.sector_id, code: r.sector_code });
    const questionnaireId = r.point_q ?? r.sector_q;
    const versionId = questionnaireId === null ? undefined : latest.get(questionnaireId);
    if (versionId !== undefined) {
      point.versionBySector.set(r.sector_id, {
        id: versionId,
        questions: questions
          .filter((q) => q.questionnaire_version_id === versionId)
          .map((q) => ({
            id: q.id, key: q.key, type: q.type, allowNA: q.allow_na === 1, overall: q.is_overall === 1,
            options: q.options_json ? (JSON.parse(q.options_json) as Array<{ value: string }>).map((o) => o.value) : [],
            min: q.min_value, max: q.max_value,
          })),
      });
    }
  }
  return [...points.values()].filter((p) => p.versionBySector.size > 0);
}

/** A weekday office-hours instant in Vietnam time, `daysAgo` days before `now`. */
function officeInstant(random: Random, now: Date, days: number): Date {
  for (;;) {
    const day = random.int(0, Math.max(days - 1, 0));
    const minutes = 7 * 60 + 30 + random.int(0, 9.5 * 60);
    const vnMidnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - 7 * 3600_000;
    const instant = new Date(vnMidnight - day * MS_PER_DAY + minutes * 60_000);
    const weekday = new Date(instant.getTime() + 7 * 3600_000).getUTCDay();
    if ((weekday === 0 || (weekday === 6 && !random.chance(0.3))) && random.chance(0.9)) continue;
    if (instant.getTime() <= now.getTime()) return instant;
  }
}

type SeededResponse = { response: NewResponse; answers: Array<Omit<NewAnswer, "response_id">> };

/**
 * Stores a batch of responses and their answers in one transaction, with
 * better-sqlite3 prepared statements: a million responses (about ten million
 * answers) through Kysely spend most of their time building and compiling
 * queries. Rows go in in the order they are generated, so their ids, like
 * everything else, depend only on the seed.
 */
function sqliteBulkInserter(sqlite: SQLite.Database): (batch: readonly SeededResponse[]) => void {
  const insertResponse = sqlite.prepare(
    `insert into responses (client_id, service_point_id, questionnaire_version_id, sector_id, channel, locale,
       answered_at, answered_date, received_at, ip_hash, device_hash, flagged, flag_reason, ticket_id, content_hash)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAnswer = sqlite.prepare(
    "insert into answers (response_id, question_id, score, is_na, choice_value, number_value, text_value) values (?, ?, ?, ?, ?, ?, ?)",
  );
  return sqlite.transaction((batch: readonly SeededResponse[]) => {
    for (const { response: r, answers } of batch) {
      const { lastInsertRowid } = insertResponse.run(
        r.client_id, r.service_point_id, r.questionnaire_version_id, r.sector_id, r.channel, r.locale,
        r.answered_at, r.answered_date, r.received_at, r.ip_hash ?? null, r.device_hash ?? null, r.flagged ?? 0,
        r.flag_reason ?? null, r.ticket_id ?? null, r.content_hash,
      );
      for (const a of answers) {
        insertAnswer.run(
          lastInsertRowid, a.question_id, a.score ?? null, a.is_na ?? 0,
          a.choice_value ?? null, a.number_value ?? null, a.text_value ?? null,
        );
      }
    }
  });
}

/**
 * The same through Kysely, for PostgreSQL (no better-sqlite3 handle there):
 * multi-row inserts in one transaction per batch, responses in generation
 * order so their ids stay deterministic, chunked below PostgreSQL's 65,535
 * bind parameters per statement.
 */
function kyselyBulkInserter(db: DB): (batch: readonly SeededResponse[]) => Promise<void> {
  const RESPONSES_PER_INSERT = 1000;
  const ANSWERS_PER_INSERT = 5000;
  return (batch) =>
    db.transaction().execute(async (trx) => {
      for (let start = 0; start < batch.length; start += RESPONSES_PER_INSERT) {
        const chunk = batch.slice(start, start + RESPONSES_PER_INSERT);
        const ids = await trx.insertInto("responses").values(chunk.map((c) => c.response)).returning(["id", "client_id"]).execute();
        const idByClient = new Map(ids.map((row) => [row.client_id, row.id]));
        const answers = chunk.flatMap(({ response, answers }) =>
          answers.map((a) => ({ ...a, response_id: idByClient.get(response.client_id)! })),
        );
        for (let a = 0; a < answers.length; a += ANSWERS_PER_INSERT) {
          await trx.insertInto("answers").values(answers.slice(a, a + ANSWERS_PER_INSERT)).execute();
        }
      }
    });
}

/**
 * Adds `count` synthetic responses spread over the last `days` days:
 * deterministic for a seed, with satisfaction that differs by sector, point
 * and question, respondents whose answers hang together, and a gentle trend.
 */
export async function seedResponses(
  db: DB,
  { count, days, seed, now = new Date() }: { count: number; days: number; seed: number; now?: Date },
): Promise<number> {
  const random = createRandom(seed);
  const points = await loadPoints(db);
  if (points.length === 0 || count <= 0) return 0;
  const received = now.toISOString();
  const sqlite = sqliteHandle(db);
  const store = sqlite ? sqliteBulkInserter(sqlite) : kyselyBulkInserter(db);
  await insertResponses(store, random, points, { count, days, now, received });
  // Bulk inserts skip the per-response upserts; the summaries are rebuilt from
  // the raw answers once, in SQL, which is both faster and exactly consistent.
  await rebuildSummaries(db);
  return count;
}

async function insertResponses(
  store: (batch: readonly SeededResponse[]) => void | Promise<void>,
  random: Random,
  points: PointInfo[],
  { count, days, now, received }: { count: number; days: number; now: Date; received: string },
): Promise<void> {
  const BATCH = 5000;
  for (let done = 0; done < count; done += BATCH) {
    const size = Math.min(BATCH, count - done);
    const batch = Array.from({ length: size }, () => {
      const point = random.weighted(points, (p) => p.weight);
      const sector = random.pick(point.sectors);
      const version = point.versionBySector.get(sector.id)!;
      const at = officeInstant(random, now, days);
      const progress = days > 0 ? 1 - (now.getTime() - at.getTime()) / (days * MS_PER_DAY) : 1;
      const person = 0.8 + point.quality + (SECTOR_BIAS[sector.code] ?? 0) + 0.3 * progress + 0.8 * random.normal();
      const answers: Array<Omit<NewAnswer, "response_id">> = [];
      const criteria: number[] = [];
      let overallLevel = 4;
      for (const q of version.questions.filter((q) => q.type === "scale" && !q.overall)) {
        if (q.allowNA && random.chance(0.3)) {
          answers.push({ question_id: q.id, score: null, is_na: 1 });
          continue;
        }
        const latent = person + (QUESTION_BIAS[q.key] ?? 0) + random.logistic();
        criteria.push(latent);
        answers.push({ question_id: q.id, score: level(latent), is_na: 0 });
      }
      const mean = criteria.reduce((s, v) => s + v, 0) / Math.max(criteria.length, 1);
      for (const q of version.questions) {
        if (q.type === "scale" && q.overall) {
          overallLevel = level(0.6 * mean + 0.4 * person + 0.9 * random.logistic());
          answers.push({ question_id: q.id, score: overallLevel, is_na: 0 });
        } else if (q.type === "choice") {
          const good = overallLevel >= 4;
          let value: string;
          if (q.key === "visits") value = random.weighted(q.options, (o) => (o === "1" ? (good ? 8 : 4) : o === "2" ? 2 : good ? 0.4 : 1.5));
          else if (q.key === "on_time") value = random.weighted(q.options, (o) => (o === "on_time" ? (good ? 18 : 6) : o === "late" ? (good ? 0.6 : 2.5) : 1));
          else if (q.key === "return") value = random.weighted(q.options, (_, i = q.options.indexOf(_)) => Math.max(0.2, good ? i * i : 4 - i));
          else value = random.weighted(q.options, (o) => (o === "in_person" ? 6 : o === "online" ? 3.5 : 0.5));
          answers.push({ question_id: q.id, choice_value: value });
        } else if (q.type === "number") {
          const value = Math.max(q.min ?? 0, Math.min(q.max ?? 100, Math.round(50 + overallLevel * 9 + 8 * random.normal())));
          answers.push({ question_id: q.id, number_value: value });
        } else if (q.type === "text" && random.chance(0.15)) {
          const pool = overallLevel <= 2 ? COMMENTS.low : overallLevel === 3 ? COMMENTS.mid : COMMENTS.high;
          answers.push({ question_id: q.id, text_value: random.pick(pool) });
        }
      }
      const flagged = random.chance(0.015);
      const clientId = random.uuid();
      return {
        response: {
          client_id: clientId,
          service_point_id: point.id,
          questionnaire_version_id: version.id,
          sector_id: sector.id,
          channel: random.chance(0.15) ? ("kiosk" as const) : ("qr" as const),
          locale: random.chance(0.06) ? "en" : "vi",
          answered_at: at.toISOString(),
          answered_date: vietnamDate(at),
          received_at: received,
          ip_hash: null,
          device_hash: null,
          flagged: flagged ? (1 as const) : (0 as const),
          flag_reason: flagged ? random.pick(["too_fast", "ip_burst", "device_repeat"]) : null,
          ticket_id: null,
          content_hash: `seed:${clientId}`,
        },
        answers,
      };
    });

    await store(batch);
  }
}
