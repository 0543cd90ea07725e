import type { DB } from "#db/client";
import type { OutboxMessage } from "~/domain/outbox";

/**
 * Writes messages to the outbox inside the caller's transaction, so a message
 * exists exactly when the change it tells of was committed. A message whose
 * idempotency key is already stored is left as it is (a retried or raced
 * change tells once). Returns how many were new.
 */
export async function enqueueMessages(trx: DB, messages: readonly OutboxMessage[], now: Date): Promise<number> {
  if (messages.length === 0) return 0;
  const at = now.toISOString();
  const inserted = await trx
    .insertInto("outbox_messages")
    .values(
      messages.map((m) => ({
        idempotency_key: m.idempotencyKey,
        channel: m.channel,
        kind: m.kind,
        recipient: m.recipient,
        subject: m.subject,
        body: m.body,
        next_attempt_at: at,
        subject_type: m.about?.type ?? null,
        subject_id: m.about?.id ?? null,
        created_at: at,
        updated_at: at,
      })),
    )
    .onConflict((oc) => oc.column("idempotency_key").doNothing())
    .returning("id")
    .execute();
  return inserted.length;
}
