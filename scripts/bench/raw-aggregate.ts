/**
 * The plain aggregate over the raw answers that the indices API must agree
 * with, to the count. Written here from DOMAIN.md's definitions alone, and on
 * purpose sharing nothing with the app (not its summaries, not the
 * `perResponseSums` SQL that builds and checks them): a mistake in the app's
 * sums then shows as a difference instead of being repeated on both sides.
 *
 * - A rated answer: a scale answer with a score 1–5 that is not N/A; N/A is in
 *   no denominator. A satisfied answer: score 4 or 5.
 * - The overall question is the scale question flagged overall; the criterion
 *   questions are every other scale question.
 * - Respondent-level rate: respondents who rated the overall question (n) and
 *   those satisfied with it.
 * - Answer-level rate: rated criterion answers (n) and satisfied ones, with the
 *   respondents who rated at least one as its clusters.
 * - Comprehensive: respondents with at least one rated criterion answer (n),
 *   and those of them satisfied with every one.
 * - Question rows: the same over one question (any scale question, the
 *   overall one included), every version of a questionnaire joined by the key.
 * - Citizen-reported punctuality: respondents answering the "result returned
 *   on time?" choice question (key `on_time`) with each of its options.
 * - Choice rows (`groupBy=choice&question=KEY`): the respondents' figures above,
 *   of those who answered the choice question KEY, by their answer; who did not
 *   answer it is in no row.
 *
 * Flagged responses are left out unless asked for, dates are the stored
 * Vietnam dates, as the API's defaults.
 */

/** The groupings the raw aggregate answers: every grouping of the API, over a year. */
export const RAW_GROUPINGS = ["sector", "agency", "servicePoint", "question", "group", "day", "week", "month", "quarter", "year"] as const;
export type RawGrouping = (typeof RAW_GROUPINGS)[number];

/** Groupings whose rows are respondents' (the others are answers to a question or a criterion group). */
type ResponseGrouping = Exclude<RawGrouping, "question" | "group">;
/** Calendar groupings: summed by day in SQL, then by period here (every figure is a count, so days add up). */
const PERIODS = ["day", "week", "month", "quarter", "year"] as const;
type PeriodGrouping = (typeof PERIODS)[number];
const isPeriod = (g: RawGrouping): g is PeriodGrouping => (PERIODS as readonly string[]).includes(g);

/** The period key of a 'YYYY-MM-DD' date as DOMAIN.md names them: the date, 'YYYY-Www' (ISO 8601), 'YYYY-MM', 'YYYY-Qn', 'YYYY'. */
function periodKey(date: string, period: PeriodGrouping): string {
  const [year, month] = [date.slice(0, 4), Number(date.slice(5, 7))];
  if (period === "day") return date;
  if (period === "month") return date.slice(0, 7);
  if (period === "quarter") return `${year}-Q${Math.ceil(month / 3)}`;
  if (period === "year") return year;
  // ISO week: the week (Monday first) of the date's Thursday, numbered within the Thursday's year.
  const day = new Date(`${date}T00:00:00Z`);
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * 86_400_000);
  const firstOfYear = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - firstOfYear) / 86_400_000 / 7) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

export type RawScope = { from: string; to: string; includeFlagged?: boolean };

/** The counts of one row that the API and the raw aggregate must agree on exactly. */
export type RowFigures = {
  respondents: number;
  overallN: number | null;
  overallSatisfied: number | null;
  answersN: number;
  answersSatisfied: number;
  /** Respondents with at least one rated answer in the row's questions (the clusters of the answer-level rate). */
  answersRespondents: number;
  comprehensiveN: number | null;
  comprehensiveSatisfied: number | null;
  /** Rated answers at each level 1–5, and the N/A answers, of the row's questions. */
  level1: number;
  level2: number;
  level3: number;
  level4: number;
  level5: number;
  notApplicable: number;
  /** Respondents who said their result came on time, late, or not yet (null for question rows). */
  onTime: number | null;
  late: number | null;
  notYet: number | null;
};

const RATED = "(q.type = 'scale' and a.is_na = 0 and a.score between 1 and 5)";
const SATISFIED = "(q.type = 'scale' and a.is_na = 0 and a.score in (4, 5))";
const ON_TIME = (option: string) => `(q.type = 'choice' and q.key = 'on_time' and a.choice_value = '${option}')`;
const counted = (condition: string) => `count(case when ${condition} then 1 end)`;
const levels = (prefix: string) =>
  [1, 2, 3, 4, 5].map((l) => `${counted(`${prefix} and ${RATED} and a.score = ${l}`)} as level_${l}`).join(",\n      ");

/** The row key the API gives for a response's grouping, and the joins that name it. */
const RESPONSE_KEYS: Record<"sector" | "agency" | "servicePoint" | "day", { key: string; joins: string }> = {
  sector: { key: "sector.code", joins: "join sectors sector on sector.id = x.sector_id" },
  agency: {
    key: "agency.code",
    joins: "join service_points point on point.id = x.service_point_id join agencies agency on agency.id = point.agency_id",
  },
  servicePoint: { key: "point.code", joins: "join service_points point on point.id = x.service_point_id" },
  day: { key: "x.answered_date", joins: "" },
};

const inScope = (scope: RawScope) =>
  `r.answered_date >= ? and r.answered_date <= ?${scope.includeFlagged ? "" : " and r.flagged = 0"}`;

/** One row per respondent with what they rated, then summed per key. */
function responseSql(groupBy: ResponseGrouping, scope: RawScope): string {
  return respondentsSql(RESPONSE_KEYS[isPeriod(groupBy) ? "day" : groupBy], scope);
}

/** The respondents' sums per `key`, a column of the respondent `x` or of what `joins` adds. */
function respondentsSql({ key, joins }: { key: string; joins: string }, scope: RawScope): string {
  const criterion = "q.type = 'scale' and q.is_overall = 0";
  const overall = "q.type = 'scale' and q.is_overall = 1";
  return `
  select ${key} as key,
    count(*) as respondents,
    count(case when x.overall_rated > 0 then 1 end) as overall_n,
    count(case when x.overall_satisfied > 0 then 1 end) as overall_satisfied,
    sum(x.criteria_rated) as answers_n,
    sum(x.criteria_satisfied) as answers_satisfied,
    count(case when x.criteria_rated > 0 then 1 end) as answers_respondents,
    count(case when x.criteria_rated > 0 then 1 end) as comprehensive_n,
    count(case when x.criteria_rated > 0 and x.criteria_satisfied = x.criteria_rated then 1 end) as comprehensive_satisfied,
    sum(x.level_1) as level_1, sum(x.level_2) as level_2, sum(x.level_3) as level_3,
    sum(x.level_4) as level_4, sum(x.level_5) as level_5,
    sum(x.not_applicable) as not_applicable,
    count(case when x.on_time > 0 then 1 end) as on_time,
    count(case when x.late > 0 then 1 end) as late,
    count(case when x.not_yet > 0 then 1 end) as not_yet
  from (
    select r.id, r.answered_date, r.service_point_id, r.sector_id,
      ${counted(`${overall} and ${RATED}`)} as overall_rated,
      ${counted(`${overall} and ${SATISFIED}`)} as overall_satisfied,
      ${counted(`${criterion} and ${RATED}`)} as criteria_rated,
      ${counted(`${criterion} and ${SATISFIED}`)} as criteria_satisfied,
      ${levels(criterion)},
      ${counted(`${criterion} and a.is_na = 1`)} as not_applicable,
      ${counted(ON_TIME("on_time"))} as on_time,
      ${counted(ON_TIME("late"))} as late,
      ${counted(ON_TIME("not_yet"))} as not_yet
    from responses r
    left join answers a on a.response_id = r.id
    left join questions q on q.id = a.question_id
    where ${inScope(scope)}
    group by r.id, r.answered_date, r.service_point_id, r.sector_id
  ) x
  ${joins}
  group by ${key}`;
}

/** The sums of scale answers both the question and the group rows give. */
function scaleAnswerSums(): string {
  return `${counted(RATED)} as answers_n,
    ${counted(SATISFIED)} as answers_satisfied,
    count(distinct case when ${RATED} then r.id end) as answers_respondents,
    ${levels("q.type = 'scale'")},
    ${counted("a.is_na = 1")} as not_applicable`;
}

/** One row per question key of each questionnaire: its rated and satisfied answers, each from one respondent. */
function questionSql(scope: RawScope): string {
  return `
  select questionnaire.code as questionnaire, q.key as key,
    ${scaleAnswerSums()}
  from answers a
  join questions q on q.id = a.question_id and q.type = 'scale'
  join questionnaire_versions version on version.id = q.questionnaire_version_id
  join questionnaires questionnaire on questionnaire.id = version.questionnaire_id
  join responses r on r.id = a.response_id
  where ${inScope(scope)}
  group by questionnaire.id, questionnaire.code, q.key`;
}

/** One row per criterion group: the rated and satisfied answers to its criterion questions (never the overall one). */
function groupSql(scope: RawScope): string {
  return `
  select g.key as key,
    ${scaleAnswerSums()}
  from answers a
  join questions q on q.id = a.question_id and q.type = 'scale' and q.is_overall = 0
  join criterion_groups g on g.id = q.criterion_group_id
  join responses r on r.id = a.response_id
  where ${inScope(scope)}
  group by g.key`;
}

/**
 * The raw aggregate's SQL and its parameters for one grouping, written with
 * `?` placeholders and functions both engines have (a PostgreSQL caller
 * numbers the placeholders).
 */
export function rawQuery(groupBy: RawGrouping, scope: RawScope): { sql: string; parameters: readonly unknown[] } {
  const sql = groupBy === "question" ? questionSql(scope) : groupBy === "group" ? groupSql(scope) : responseSql(groupBy, scope);
  return { sql, parameters: [scope.from, scope.to] };
}

/**
 * The raw aggregate of the respondents by their answer to the choice question
 * `question` (every version and questionnaire with that key); parameters as
 * {@link rawQuery}'s. Its rows read with `rawFigures("sector", …)`.
 */
export function rawChoiceQuery(question: string, scope: RawScope): { sql: string; parameters: readonly unknown[] } {
  const joins = `join answers choice on choice.response_id = x.id and choice.choice_value is not null
  join questions cq on cq.id = choice.question_id and cq.type = 'choice' and cq.key = ?`;
  return { sql: respondentsSql({ key: "choice.choice_value", joins }, scope), parameters: [scope.from, scope.to, question] };
}

export type RawRow = Record<string, number | string | null> & { key: string };

const count = (v: unknown) => Number(v ?? 0);

/** A row's answers by level and its N/A answers. */
const distribution = (r: RawRow) => ({
  level1: count(r.level_1),
  level2: count(r.level_2),
  level3: count(r.level_3),
  level4: count(r.level_4),
  level5: count(r.level_5),
  notApplicable: count(r.not_applicable),
});

/** The raw aggregate's rows by the key the API gives them. */
export function rawFigures(groupBy: RawGrouping, rows: readonly RawRow[]): Map<string, RowFigures> {
  if (groupBy === "group") {
    return new Map(rows.map((r) => [r.key, answerRowFigures(r)]));
  }
  if (groupBy === "question") {
    // As the API: the stable key, prefixed by its questionnaire only when two questionnaires share it.
    const shared = new Map<string, number>();
    for (const r of rows) shared.set(r.key, (shared.get(r.key) ?? 0) + 1);
    return new Map(
      rows.map((r) => [
        (shared.get(r.key) ?? 0) > 1 ? `${r.questionnaire}:${r.key}` : r.key,
        answerRowFigures(r),
      ]),
    );
  }
  const figures = new Map<string, RowFigures>();
  for (const r of rows) {
    const key = isPeriod(groupBy) ? periodKey(String(r.key), groupBy) : r.key;
    const previous = figures.get(key);
    const row: RowFigures = {
      respondents: count(r.respondents),
      overallN: count(r.overall_n),
      overallSatisfied: count(r.overall_satisfied),
      answersN: count(r.answers_n),
      answersSatisfied: count(r.answers_satisfied),
      answersRespondents: count(r.answers_respondents),
      comprehensiveN: count(r.comprehensive_n),
      comprehensiveSatisfied: count(r.comprehensive_satisfied),
      ...distribution(r),
      onTime: count(r.on_time),
      late: count(r.late),
      notYet: count(r.not_yet),
    };
    figures.set(key, previous ? addFigures(previous, row) : row);
  }
  return figures;
}

/** The figures of a question's or a criterion group's row: answers only, each respondent a cluster. */
function answerRowFigures(r: RawRow): RowFigures {
  return {
    respondents: count(r.answers_respondents),
    overallN: null,
    overallSatisfied: null,
    answersN: count(r.answers_n),
    answersSatisfied: count(r.answers_satisfied),
    answersRespondents: count(r.answers_respondents),
    comprehensiveN: null,
    comprehensiveSatisfied: null,
    ...distribution(r),
    onTime: null,
    late: null,
    notYet: null,
  };
}

function addFigures(a: RowFigures, b: RowFigures): RowFigures {
  const out: Record<string, number | null> = { ...a };
  for (const field of Object.keys(a) as Array<keyof RowFigures>) {
    const [x, y] = [a[field], b[field]];
    out[field] = x === null && y === null ? null : (x ?? 0) + (y ?? 0);
  }
  return out as RowFigures;
}

/** A row of `GET /api/v1/indices`, as far as the comparison reads it. */
export type ApiRow = {
  key: string;
  respondents: number;
  overall: { n: number; satisfied: number } | null;
  answers: { n: number; satisfied: number; respondents: number };
  comprehensive: { n: number; satisfied: number } | null;
  distribution: { levels: [number, number, number, number, number]; notApplicable: number };
  /** `satisfied` is the on-time count. */
  onTime: { satisfied: number; late: number; notYet: number } | null;
};

export function apiFigures(row: ApiRow): RowFigures {
  const [level1, level2, level3, level4, level5] = row.distribution.levels;
  return {
    respondents: row.respondents,
    overallN: row.overall?.n ?? null,
    overallSatisfied: row.overall?.satisfied ?? null,
    answersN: row.answers.n,
    answersSatisfied: row.answers.satisfied,
    answersRespondents: row.answers.respondents,
    comprehensiveN: row.comprehensive?.n ?? null,
    comprehensiveSatisfied: row.comprehensive?.satisfied ?? null,
    level1,
    level2,
    level3,
    level4,
    level5,
    notApplicable: row.distribution.notApplicable,
    onTime: row.onTime?.satisfied ?? null,
    late: row.onTime?.late ?? null,
    notYet: row.onTime?.notYet ?? null,
  };
}

const ZERO: RowFigures = {
  respondents: 0, overallN: 0, overallSatisfied: 0, answersN: 0, answersSatisfied: 0, answersRespondents: 0,
  comprehensiveN: 0, comprehensiveSatisfied: 0, level1: 0, level2: 0, level3: 0, level4: 0, level5: 0, notApplicable: 0,
  onTime: 0, late: 0, notYet: 0,
};

/**
 * Every row's figures from the API against the raw aggregate's: they must be
 * equal. A row on one side only must be all zeros (an empty month of a trend).
 * Returns one line per difference.
 */
export function compareFigures(groupBy: RawGrouping | "choice", api: Map<string, RowFigures>, raw: Map<string, RowFigures>): string[] {
  const differences: string[] = [];
  for (const key of [...new Set([...api.keys(), ...raw.keys()])].sort()) {
    const a = api.get(key);
    const r = raw.get(key);
    for (const field of Object.keys(ZERO) as Array<keyof RowFigures>) {
      const av = a ? a[field] : ZERO[field];
      const rv = r ? r[field] : ZERO[field];
      // Question rows have no overall or comprehensive figure on either side.
      if (av === null && rv === null) continue;
      if ((av ?? 0) !== (rv ?? 0)) differences.push(`groupBy=${groupBy} row ${key}: ${field} API ${av} ≠ raw ${rv}`);
    }
  }
  return differences;
}
