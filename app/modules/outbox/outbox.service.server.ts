import type { DB } from "#db/client";
import type { OutboxMessage } from "~/domain/outbox";
import { enqueueMessages } from "./outbox.repository.server";

/**
 * The seam other modules tell citizens through: call it with the transaction
 * that makes the change (an apology sent, a case answered), never after it.
 */
export function enqueue(trx: DB, messages: readonly OutboxMessage[], now: Date = new Date()): Promise<number> {
  return enqueueMessages(trx, messages, now);
}
