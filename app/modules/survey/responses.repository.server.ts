import type { DB } from "#db/client";
import { insertRows } from "#db/prepared-insert";
import type { Channel, NewAnswer } from "#db/schema";
import type { ResponseContribution } from "~/domain/response-contribution";

/** A response to store, with its answers and its share of the summaries. */
export type NewResponseInput = {
  clientId: string;
  servicePointId: number;
  questionnaireVersionId: number;
  sectorId: number;
  channel: Channel;
  locale: string;
  answeredAt: string;
  answeredDate: string;
  receivedAt: string;
  ipHash: string | null;
  deviceHash: string | null;
  flagReasons: readonly string[];
  ticketId: number | null;
  /** The paired kiosk that sent it, if any. */
  kioskId?: number | null;
  contentHash: string;
  answers: Array<Omit<NewAnswer, "response_id">>;
  /** What the response adds to the summary rows, kept in step in the same transaction. */
  contribution: ResponseContribution;
};

const ANSWER_COLUMNS = ["response_id", "question_id", "score", "is_na", "choice_value", "number_value", "text_value"] as const;

/** An answer's values in the order of ANSWER_COLUMNS, every column spelled out (a missing one would be NULL, not its default). */
function answerValues(responseId: number, a: Omit<NewAnswer, "response_id">): unknown[] {
  return [responseId, a.question_id, a.score ?? null, a.is_na ?? 0, a.choice_value ?? null, a.number_value ?? null, a.text_value ?? null];
}

/** Spends a ticket (inside the transaction that stores its response); false when it was already spent. */
export async function spendTicket(trx: DB, ticketId: number, at: string): Promise<boolean> {
  const spent = await trx
    .updateTable("tickets")
    .set({ used_at: at })
    .where("id", "=", ticketId)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return spent.numUpdatedRows > 0n;
}

/** Inserts a response and its answers; the new response's id. */
export async function insertResponse(trx: DB, input: NewResponseInput): Promise<number> {
  const flagged = input.flagReasons.length > 0;
  const { id } = await trx
    .insertInto("responses")
    .values({
      client_id: input.clientId,
      service_point_id: input.servicePointId,
      questionnaire_version_id: input.questionnaireVersionId,
      sector_id: input.sectorId,
      channel: input.channel,
      locale: input.locale,
      answered_at: input.answeredAt,
      answered_date: input.answeredDate,
      received_at: input.receivedAt,
      ip_hash: input.ipHash,
      device_hash: input.deviceHash,
      flagged: flagged ? 1 : 0,
      flag_reason: flagged ? input.flagReasons.join(",") : null,
      ticket_id: input.ticketId,
      kiosk_id: input.kioskId ?? null,
      content_hash: input.contentHash,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  // The busiest insert of the app: its SQL is compiled once per answer count.
  await insertRows(trx, "answers", ANSWER_COLUMNS, input.answers.map((a) => answerValues(id, a)));
  return id;
}

/** The stored response with this client id, for acknowledging a repeat. */
export async function findResponseByClientId(db: DB, clientId: string) {
  return db
    .selectFrom("responses")
    .select(["id", "content_hash"])
    .where("client_id", "=", clientId)
    .executeTakeFirst();
}
