/**
 * The benchmark's yardstick: the essential work of storing one survey
 * submission with nothing else. A bare node:http server parses the same form
 * body, checks it against the same questionnaire, and inserts the same
 * response row and answer rows in one transaction, with the app's database
 * settings: on SQLite, prepared better-sqlite3 statements (WAL,
 * synchronous=FULL); on PostgreSQL, a `pg` pool of the app's size with one
 * multi-row insert of the answers. No framework, no rendering, no rate
 * limits, no form-start signature, no summaries, no repeat lookup beyond the
 * unique client_id.
 *
 * Env: BASELINE_DATABASE_URL (a migrated, seeded database: file:PATH or
 * postgres://…), HOST, PORT, SURVEY_CODE.
 */
import crypto from "node:crypto";
import http from "node:http";
import SQLite from "better-sqlite3";
import pg from "pg";
import { sql } from "kysely";
import { isPostgresUrl, openDatabase, sqlitePathFromUrl } from "#db/client";

type Question = {
  id: number;
  key: string;
  type: "scale" | "choice" | "number" | "text";
  required: boolean;
  allowNA: boolean;
  options: Set<string>;
  maxLength: number;
};

type AnswerRow = [questionId: number, score: number | null, isNA: 0 | 1, choice: string | null, num: number | null, text: string | null];

type Survey = { pointId: number; sectorId: number; versionId: number; questions: Map<string, Question> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_BODY_BYTES = 64 * 1024;

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

/** Looked up once, before any request: the point's sector and the questions of its current questionnaire version. */
async function loadSurvey(url: string, code: string): Promise<Survey> {
  const db = openDatabase(url);
  try {
    const { rows } = await sql<{ pointId: number; sectorId: number; versionId: number }>`
      select p.id as "pointId", s.id as "sectorId", v.id as "versionId"
        from service_points p
        join service_point_sectors ps on ps.service_point_id = p.id
        join sectors s on s.id = ps.sector_id
        join questionnaire_versions v
          on v.questionnaire_id = coalesce(p.questionnaire_id, s.questionnaire_id) and v.status = 'published'
       where p.code = ${code}
       order by v.version desc
       limit 1`.execute(db);
    const ids = rows[0];
    if (!ids) throw new Error(`no survey for service point ${code}`);
    const questionRows = await db
      .selectFrom("questions")
      .select(["id", "key", "type", "required", "allow_na", "options_json", "max_length"])
      .where("questionnaire_version_id", "=", ids.versionId)
      .execute();
    const questions = new Map<string, Question>();
    for (const r of questionRows) {
      const options = r.options_json ? (JSON.parse(r.options_json) as Array<{ value: string }>).map((o) => o.value) : [];
      questions.set(r.key, {
        id: r.id,
        key: r.key,
        type: r.type as Question["type"],
        required: r.required === 1,
        allowNA: r.allow_na === 1,
        options: new Set(options),
        maxLength: r.max_length ?? 2000,
      });
    }
    return { ...ids, questions };
  } finally {
    await db.destroy();
  }
}

/** One answer as a row, or null when the value does not fit the question. */
function answerRow(q: Question, value: string): AnswerRow | null {
  switch (q.type) {
    case "scale":
      if (value === "na") return q.allowNA ? [q.id, null, 1, null, null, null] : null;
      return /^[1-5]$/.test(value) ? [q.id, Number(value), 0, null, null, null] : null;
    case "choice":
      return q.options.has(value) ? [q.id, null, 0, value, null, null] : null;
    case "number": {
      const n = Number(value);
      return value.trim() !== "" && Number.isFinite(n) ? [q.id, null, 0, null, n, null] : null;
    }
    case "text":
      return value.length <= q.maxLength ? [q.id, null, 0, null, null, value] : null;
  }
}

/** The answer rows of a posted form, or null when anything is missing or invalid. */
function parseAnswers(survey: Survey, form: URLSearchParams): AnswerRow[] | null {
  const rows: AnswerRow[] = [];
  for (const [name, value] of form) {
    if (!name.startsWith("q.")) continue;
    const question = survey.questions.get(name.slice(2));
    if (!question) return null;
    if (value.trim() === "") continue;
    const row = answerRow(question, value);
    if (!row) return null;
    rows.push(row);
  }
  const answered = new Set(rows.map((r) => r[0]));
  for (const q of survey.questions.values()) if (q.required && !answered.has(q.id)) return null;
  return rows;
}

function vietnamDate(at: Date): string {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The response row's values, in the order of RESPONSE_COLUMNS. */
type ResponseValues = [clientId: string, pointId: number, versionId: number, sectorId: number, locale: string,
  answeredAt: string, answeredDate: string, receivedAt: string, ipHash: string, contentHash: string];

const RESPONSE_COLUMNS = `client_id, service_point_id, questionnaire_version_id, sector_id, channel, locale,
  answered_at, answered_date, received_at, ip_hash, device_hash, flagged, flag_reason, ticket_id, content_hash`;
const ANSWER_COLUMNS = "response_id, question_id, score, is_na, choice_value, number_value, text_value";

/** Stores one response and its answers in one transaction; false when the client id is already stored. */
type Store = (response: ResponseValues, answers: AnswerRow[]) => Promise<boolean>;

function sqliteStore(url: string): Store {
  const db = new SQLite(sqlitePathFromUrl(url));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  const insertResponse = db.prepare(
    `insert into responses (${RESPONSE_COLUMNS}) values (?, ?, ?, ?, 'qr', ?, ?, ?, ?, ?, null, 0, null, null, ?)`,
  );
  const insertAnswer = db.prepare(`insert into answers (${ANSWER_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?)`);
  const store = db.transaction((response: ResponseValues, answers: AnswerRow[]) => {
    const { lastInsertRowid } = insertResponse.run(...response);
    for (const answer of answers) insertAnswer.run(lastInsertRowid, ...answer);
  });
  return async (response, answers) => {
    try {
      store(response, answers);
      return true;
    } catch (error) {
      if (error instanceof SQLite.SqliteError && error.code === "SQLITE_CONSTRAINT_UNIQUE") return false;
      throw error;
    }
  };
}

function postgresStore(url: string): Store {
  // The app's pool size (db/client.ts).
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const insertResponse =
    `insert into responses (${RESPONSE_COLUMNS}) values ($1, $2, $3, $4, 'qr', $5, $6, $7, $8, $9, null, 0, null, null, $10) returning id`;
  return async (response, answers) => {
    const client = await pool.connect();
    try {
      await client.query("begin");
      const { rows } = await client.query<{ id: number }>(insertResponse, response);
      const values = answers.map((_, i) => `(${Array.from({ length: 7 }, (_, j) => `$${i * 7 + j + 1}`).join(", ")})`);
      await client.query(`insert into answers (${ANSWER_COLUMNS}) values ${values.join(", ")}`, answers.flatMap((a) => [rows[0]!.id, ...a]));
      await client.query("commit");
      return true;
    } catch (error) {
      await client.query("rollback");
      if ((error as { code?: string }).code === "23505") return false;
      throw error;
    } finally {
      client.release();
    }
  };
}

async function main(): Promise<void> {
  const code = process.env.SURVEY_CODE ?? "TT-DD-01";
  const url = requiredEnv("BASELINE_DATABASE_URL");
  const survey = await loadSurvey(url, code);
  const store = isPostgresUrl(url) ? postgresStore(url) : sqliteStore(url);
  const secret = crypto.randomBytes(32);
  const path = `/s/${code}`;

  /** Stores one submission; the status to answer with. */
  async function submit(req: http.IncomingMessage): Promise<number> {
    const body = await readBody(req);
    if (body === null) return 413;
    const form = new URLSearchParams(body);
    const clientId = form.get("id") ?? "";
    const answers = parseAnswers(survey, form);
    if (!UUID.test(clientId) || !answers) return 400;

    const now = new Date();
    const ipHash = crypto.createHmac("sha256", secret).update(req.socket.remoteAddress ?? "").digest("base64url").slice(0, 22);
    const contentHash = crypto.createHash("sha256").update(body).digest("base64url");
    const locale = form.get("lang") === "en" ? "en" : "vi";
    const stored = await store(
      [clientId.toLowerCase(), survey.pointId, survey.versionId, survey.sectorId, locale,
        now.toISOString(), vietnamDate(now), now.toISOString(), ipHash, contentHash],
      answers,
    );
    return stored ? 303 : 409;
  }

  const server = http.createServer((req, res) => {
    if (req.method === "GET" && req.url === "/healthz") return void res.writeHead(200).end();
    if (req.method !== "POST" || req.url !== path) return void res.writeHead(404).end();
    submit(req).then(
      (status) => res.writeHead(status, status === 303 ? { Location: `${path}/thanks` } : {}).end(),
      (error: unknown) => {
        console.error(error);
        res.writeHead(500).end();
      },
    );
  });
  server.listen(Number(requiredEnv("PORT")), requiredEnv("HOST"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
