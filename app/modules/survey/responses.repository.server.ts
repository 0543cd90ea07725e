import type { DB } from "#db/client";
import type { Channel, NewAnswer } from "#db/schema";
import type { ResponseContribution } from "~/domain/response-contribution";
import { addToSummaries } from "~/modules/indices/summaries.repository.server";

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
  contentHash: string;
  answers: Array<Omit<NewAnswer, "response_id">>;
  /** What the response adds to the summary rows, kept in step in the same transaction. */
  contribution: ResponseContribution;
};

/**
 * An answer row with every column spelled out: in a multi-row insert a
 * missing column would become NULL rather than its default.
 */
export function completeAnswerRow(responseId: number, a: Omit<NewAnswer, "response_id">): NewAnswer {
  return {
    response_id: responseId,
    question_id: a.question_id,
    score: a.score ?? null,
    is_na: a.is_na ?? 0,
    choice_value: a.choice_value ?? null,
    number_value: a.number_value ?? null,
    text_value: a.text_value ?? null,
  };
}

export type RecordOutcome =
  | { kind: "created"; id: number }
  | { kind: "repeat"; id: number }
  | { kind: "conflict" }
  | { kind: "ticket_used" };

/**
 * Stores a response, its answers and its share of the summaries in one
 * transaction, exactly once per
 * client id: a repeat with the same content is acknowledged again, one with
 * other content is a conflict, and a ticket is spent only by the response
 * that stores.
 */
export async function recordResponse(db: DB, input: NewResponseInput): Promise<RecordOutcome> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom("responses")
      .select(["id", "content_hash"])
      .where("client_id", "=", input.clientId)
      .executeTakeFirst();
    if (existing) {
      return existing.content_hash === input.contentHash
        ? { kind: "repeat", id: existing.id }
        : { kind: "conflict" };
    }

    if (input.ticketId !== null) {
      const spent = await trx
        .updateTable("tickets")
        .set({ used_at: input.receivedAt })
        .where("id", "=", input.ticketId)
        .where("used_at", "is", null)
        .executeTakeFirst();
      if (spent.numUpdatedRows === 0n) return { kind: "ticket_used" };
    }

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
        flagged: input.flagReasons.length > 0 ? 1 : 0,
        flag_reason: input.flagReasons.length > 0 ? input.flagReasons.join(",") : null,
        ticket_id: input.ticketId,
        content_hash: input.contentHash,
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    if (input.answers.length > 0) {
      await trx
        .insertInto("answers")
        .values(input.answers.map((a) => completeAnswerRow(id, a)))
        .execute();
    }
    await addToSummaries(
      trx,
      {
        answeredDate: input.answeredDate,
        servicePointId: input.servicePointId,
        sectorId: input.sectorId,
        flagged: input.flagReasons.length > 0,
      },
      input.contribution,
    );
    return { kind: "created", id };
  });
}

/** The stored response with this client id, for acknowledging a repeat. */
export async function findResponseByClientId(db: DB, clientId: string) {
  return db
    .selectFrom("responses")
    .select(["id", "content_hash"])
    .where("client_id", "=", clientId)
    .executeTakeFirst();
}
