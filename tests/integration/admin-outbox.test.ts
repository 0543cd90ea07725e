import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { deliverDueMessages, enqueue } from "~/modules/outbox/outbox.service.server";
import { action as outboxAction, loader as outboxPage } from "~/routes/admin.outbox";
import { getRequest, postForm, runRoute, signInAs, type StaffSession } from "../setup/admin-requests";
import { useFreshDatabase } from "../setup/test-database";

/* /admin/outbox's loader and action, as the server calls them, on the engine of the project. */

const { db } = useFreshDatabase();
afterAll(() => db.destroy());

let admin: StaffSession;
let manager: StaffSession;
let failedId = 0;
const T0 = new Date(Date.now() - 60 * 60 * 1000);

beforeAll(async () => {
  admin = await signInAs("admin@demo.vn");
  manager = await signInAs("manager.land@demo.vn");
  await db.transaction().execute((trx) =>
    enqueue(
      trx,
      [
        { channel: "sms", kind: "case_answered", recipient: "0912345678", subject: null, body: "Đã trả lời.", idempotencyKey: "page:1:sms", about: { type: "case", id: 7 } },
        { channel: "email", kind: "apology_sent", recipient: "hoa.nguyen@example.vn", subject: "Xin lỗi", body: "Xin lỗi bà.", idempotencyKey: "page:2:email", about: { type: "apology", id: 3 } },
      ],
      T0,
    ),
  );
  await deliverDueMessages(db, { sms: async () => ({ ok: false, permanent: true, error: "HTTP 400" }) }, { workerId: "test", now: () => T0 });
  failedId = (await db.selectFrom("outbox_messages").select("id").where("idempotency_key", "=", "page:1:sms").executeTakeFirstOrThrow()).id;
});

const auditCount = async () => Number((await db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).where("entity_type", "=", "outbox_message").executeTakeFirstOrThrow()).n);

describe("/admin/outbox", () => {
  test("an administrator sees the counts, which channels wait for a provider, and the messages with masked recipients", async () => {
    const page = await runRoute(outboxPage, getRequest("/admin/outbox", admin));
    expect(page.status).toBe(200);
    expect(page.data.counts).toEqual({ pending: 1, sending: 0, sent: 0, failed: 1 });
    // The test process sets neither SMTP_URL nor SMS_WEBHOOK_URL.
    expect(page.data.providers).toEqual([
      { channel: "email", ready: false, variable: "SMTP_URL", waiting: 1 },
      { channel: "sms", ready: false, variable: "SMS_WEBHOOK_URL", waiting: 0 },
    ]);
    expect(page.data.messages.map((m: { status: string; recipient: string }) => [m.status, m.recipient])).toEqual([
      ["failed", "09•••••678"],
      ["pending", "h•••@example.vn"],
    ]);
    expect(page.data.messages[0]).toMatchObject({ kind: "case_answered", attempts: 1, lastError: "HTTP 400", about: { type: "case", id: 7 } });
    expect(JSON.stringify(page.data)).not.toMatch(/0912345678|hoa\.nguyen/);
  });

  test("a manager gets 403, on the page and the form", async () => {
    expect((await runRoute(outboxPage, getRequest("/admin/outbox", manager))).status).toBe(403);
    expect((await runRoute(outboxAction, postForm("/admin/outbox", { intent: "retry", id: failedId }, manager))).status).toBe(403);
    expect(await auditCount()).toBe(0);
  });

  test("a post without the page's token or from another site is refused and changes nothing", async () => {
    expect((await runRoute(outboxAction, postForm("/admin/outbox", { intent: "retry", id: failedId }, admin, { csrf: false }))).status).toBe(403);
    expect((await runRoute(outboxAction, postForm("/admin/outbox", { intent: "retry", id: failedId }, admin, { origin: "https://evil.example" }))).status).toBe(403);
    expect((await db.selectFrom("outbox_messages").select("status").where("id", "=", failedId).executeTakeFirstOrThrow()).status).toBe("failed");
    expect(await auditCount()).toBe(0);
  });

  test("'retry now' on a failed message answers 303 to the page and queues it; again, or on an unknown id, it is refused", async () => {
    const done = await runRoute(outboxAction, postForm("/admin/outbox", { intent: "retry", id: failedId }, admin));
    expect(done).toMatchObject({ status: 303, location: "/admin/outbox?retried=1" });
    expect(await db.selectFrom("outbox_messages").select(["status", "attempts"]).where("id", "=", failedId).executeTakeFirstOrThrow()).toEqual({ status: "pending", attempts: 0 });
    expect(await auditCount()).toBe(1);

    expect((await runRoute(outboxAction, postForm("/admin/outbox", { intent: "retry", id: failedId }, admin))).status).toBe(409);
    expect((await runRoute(outboxAction, postForm("/admin/outbox", { intent: "retry", id: 99999 }, admin))).status).toBe(404);
    expect((await runRoute(outboxAction, postForm("/admin/outbox", { intent: "retry", id: "1; drop table" }, admin))).status).toBe(400);
    expect((await runRoute(outboxAction, postForm("/admin/outbox", { intent: "delete", id: failedId }, admin))).status).toBe(400);
    expect(await auditCount()).toBe(1);
  });

  test("a page number that is not one shows the first page", async () => {
    const page = await runRoute(outboxPage, getRequest("/admin/outbox?page=abc", admin));
    expect(page).toMatchObject({ status: 200, data: { page: 1, pages: 1 } });
  });
});
