import { pipeline, Readable } from "node:stream";
import { stringify, type Options as CsvOptions } from "csv-stringify";
import { stringify as stringifySync } from "csv-stringify/sync";
import type { DB } from "#db/client";
import vi from "#locales/vi/exports.json";
import type { Problem } from "~/domain/problem";
import type { Locale } from "~/domain/questionnaire";
import { vietnamIsoTime } from "~/domain/vietnam-time";
import {
  lastResponseId,
  listExportQuestionnaires,
  streamResponsesForExport,
  type ExportAnswer,
  type ExportQuestionnaire,
  type ExportResponse,
} from "./exports.repository.server";
import type { SummaryScope } from "~/modules/indices/indices.repository.server";
import { indexCsvTable, type CsvCell, type IndexRowJson } from "./index-csv";

/**
 * RFC 4180 with a byte-order mark: without it Excel reads UTF-8 as the
 * Windows code page and Vietnamese comes out as mojibake. CRLF because that is
 * what RFC 4180 and Excel expect. `escape_formulas`: text a citizen typed that
 * starts like a spreadsheet formula (`=`, `+`, `-`, `@`…) would run as one when
 * staff open the file (CSV injection); a leading apostrophe makes Excel show it
 * as text. Numbers are left alone.
 */
const CSV_OPTIONS: CsvOptions = { bom: true, record_delimiter: "windows", escape_formulas: true };

/** The indices table as a CSV file (small: one row per group, so built in one piece). */
export function indicesCsv(rows: readonly IndexRowJson[], locale: Locale): string {
  const { header, records } = indexCsvTable(rows, locale);
  return stringifySync([header, ...records], CSV_OPTIONS);
}

/**
 * The columns every raw export starts with, before one column per question.
 * Like the question keys after them, they are codes rather than words: a
 * file for analysis tools, the same whatever the reader's language.
 */
export const RESPONSE_CSV_FIXED_COLUMNS = [
  "response_id",
  "answered_at",
  "service_point",
  "agency",
  "sector",
  "channel",
  "locale",
  "questionnaire",
  "questionnaire_version",
  "flagged",
  "flag_reason",
] as const;

export type QuestionColumn = { header: string; questionnaireId: number; key: string };

/**
 * One column per stable question key, so every version of a questionnaire
 * lands in the same columns. With one questionnaire in scope a column is its
 * key (`overall`); with several, every question column is prefixed by its
 * questionnaire's code (`tthc:overall`, `health-outpatient:overall`), since
 * their keys overlap and mean different questions; a response leaves the other
 * questionnaires' columns empty. A key that would clash with a fixed column is
 * prefixed too.
 */
export function responseQuestionColumns(questionnaires: readonly ExportQuestionnaire[]): QuestionColumn[] {
  const fixed = new Set<string>(RESPONSE_CSV_FIXED_COLUMNS);
  return questionnaires.flatMap((qn) =>
    qn.questions.map((q) => ({
      header: questionnaires.length > 1 || fixed.has(q.key) ? `${qn.code}:${q.key}` : q.key,
      questionnaireId: qn.id,
      key: q.key,
    })),
  );
}

function answerCell(answer: ExportAnswer | undefined): CsvCell {
  if (!answer) return null;
  switch (answer.type) {
    case "scale":
      // "na" rather than blank: blank means the question was not answered or
      // not asked (optional, or another version), while "na" is the citizen's
      // own answer "not applicable" — the same word POST /api/v1/responses takes.
      return answer.notApplicable ? "na" : answer.score;
    case "choice":
      return answer.choice;
    case "number":
      return answer.number;
    case "text":
      return answer.text;
  }
}

/** One CSV record of a response; never its IP or device hash (the model does not even read them). */
export function responseRecord(response: ExportResponse, columns: readonly QuestionColumn[]): CsvCell[] {
  return [
    response.clientId,
    vietnamIsoTime(new Date(response.answeredAt)),
    response.servicePointCode,
    response.agencyCode,
    response.sectorCode,
    response.channel,
    response.locale,
    response.questionnaireCode,
    response.questionnaireVersion,
    response.flagged ? 1 : 0,
    response.flagReason,
    ...columns.map((c) => (c.questionnaireId === response.questionnaireId ? answerCell(response.answers.get(c.key)) : null)),
  ];
}

/** Chunks of about this size go to the client: fewer, larger writes (and gzip flushes) than one per record. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Pipes records through csv-stringify into a web stream a Response can carry.
 * Pull-based end to end: a record is produced (and a batch read from the
 * database) only when the stream is read, so memory holds a few chunks at a
 * time. When `signal` aborts (the client disconnected) or the reader cancels,
 * the pipeline is destroyed, which returns the record generator and so stops
 * its query loop.
 */
export function csvStream(records: AsyncIterable<CsvCell[]>, signal?: AbortSignal): ReadableStream<Uint8Array> {
  const stringifier = stringify(CSV_OPTIONS);
  // Errors reach the reader through the iterator below; the callback only keeps them from going unhandled.
  pipeline(Readable.from(records), stringifier, () => {});
  const chunks = stringifier[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const stop = () => stringifier.destroy();
  signal?.addEventListener("abort", stop, { once: true });
  const finish = () => signal?.removeEventListener("abort", stop);

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const parts: Buffer[] = [];
        let size = 0;
        let done = false;
        while (size < CHUNK_BYTES) {
          const next = await chunks.next();
          if (next.done) {
            done = true;
            break;
          }
          const part = typeof next.value === "string" ? Buffer.from(next.value, "utf8") : next.value;
          parts.push(part);
          size += part.length;
        }
        if (size > 0) controller.enqueue(new Uint8Array(Buffer.concat(parts, size)));
        if (done) {
          finish();
          controller.close();
        }
      } catch (error) {
        finish();
        // A client that went away is not an error worth a log line: just end.
        if (signal?.aborted) controller.close();
        else controller.error(error);
      }
    },
    async cancel() {
      finish();
      await chunks.return?.();
    },
  });
}

/**
 * Every response in scope as CSV, streamed: a header, then one record per
 * response in the order they were stored, up to the last one stored when the
 * export began.
 */
export async function exportResponsesCsv(
  db: DB,
  scope: SummaryScope,
  options: { batchSize?: number; signal?: AbortSignal } = {},
): Promise<ReadableStream<Uint8Array>> {
  const upToId = await lastResponseId(db);
  const columns = responseQuestionColumns(await listExportQuestionnaires(db, scope, upToId));
  async function* records(): AsyncGenerator<CsvCell[]> {
    yield [...RESPONSE_CSV_FIXED_COLUMNS, ...columns.map((c) => c.header)];
    for await (const response of streamResponsesForExport(db, scope, { ...options, upToId })) {
      yield responseRecord(response, columns);
    }
  }
  return csvStream(records(), options.signal);
}

/** The headers of a CSV download named after what it holds and its date range (codes and dates: plain ASCII). */
export function csvDownloadHeaders(name: string, from: string, to: string): HeadersInit {
  return {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="hai-long-${name}_${from}_${to}.csv"`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  };
}

/**
 * The Vietnamese words of a download's problem, naming the parameter; the
 * answer (problemCsv) adds the problem's English message after them.
 */
export function csvProblemWords(p: Problem): string {
  const words = p.kind === "forbidden" ? vi.problems.forbidden : vi.problems.badParameter;
  return words.replace("{{parameter}}", p.parameter ?? "");
}
