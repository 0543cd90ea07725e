import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { AdminErrorPage } from "~/components/admin/error-page";
import { ActionButton } from "~/components/admin/form";
import { OUTBOX_CHANNELS, OUTBOX_MAX_ATTEMPTS, OUTBOX_STATUSES } from "~/domain/outbox";
import { idFromParam } from "~/domain/staff-accounts";
import { vietnamIsoTime } from "~/domain/vietnam-time";
import { configuredChannels, OUTBOX_PAGE_SIZE, outboxOverview, retryFailedMessage } from "~/modules/outbox/outbox.service.server";
import { actorOf, answerForm, invalidForm, readForm } from "~/http/forms.server";
import { requirePermission } from "~/http/permissions.server";
import type { RouteHandle } from "~/http/route-handle";
import usersStyles from "~/styles/admin-users.css?url";

export const handle: RouteHandle = { i18n: ["admin", "admin-outbox"] };
// The stacked table of the users' and tokens' lists: one card per message on a phone.
export const links: LinksFunction = () => [{ rel: "stylesheet", href: usersStyles }];

/** An ISO instant as Vietnam time, to the minute. */
const shown = (iso: string | null) => (iso ? vietnamIsoTime(new Date(iso)).slice(0, 16).replace("T", " ") : null);

const PROVIDER_SETTING = { email: "SMTP_URL", sms: "SMS_WEBHOOK_URL" } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const query = new URL(request.url).searchParams;
  const page = z.coerce.number().int().min(1).max(100_000).catch(1).parse(query.get("page") ?? 1);
  const overview = await outboxOverview(context.db, page);
  const configured = configuredChannels();
  return {
    retried: query.get("retried") === "1",
    page,
    pages: Math.max(1, Math.ceil(overview.total / OUTBOX_PAGE_SIZE)),
    counts: overview.counts,
    providers: OUTBOX_CHANNELS.map((channel) => ({
      channel,
      ready: configured[channel],
      variable: PROVIDER_SETTING[channel],
      waiting: overview.pendingByChannel[channel],
    })),
    messages: overview.messages.map((m) => ({ ...m, nextAttemptAt: shown(m.nextAttemptAt), createdAt: shown(m.createdAt), sentAt: shown(m.sentAt) })),
  };
}

/** "Retry now" on a failed message; anything else posted here is a 400. */
export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requirePermission({ request, context }, "admin:manage");
  const form = await readForm(request);
  const id = idFromParam(form.get("id") ?? undefined);
  if (form.get("intent") !== "retry" || id === null) return invalidForm({ _form: { code: "invalid" } });
  return answerForm(await retryFailedMessage(context.db, actorOf(principal), id), {}, () => "/admin/outbox?retried=1");
}

export default function OutboxPage() {
  const { retried, counts, providers, messages, page, pages } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["admin-outbox", "admin"]);
  const kind = (k: string) => t(`kind.${k}`, { defaultValue: k });
  return (
    <>
      <h1>{t("title")}</h1>
      {retried ? (
        <p className="flash" role="status">
          {t("retriedFlash")}
        </p>
      ) : null}
      <p className="lead">{t("intro", { attempts: OUTBOX_MAX_ATTEMPTS })}</p>
      <ul className="stat-cards" aria-label={t("countsLabel")}>
        {OUTBOX_STATUSES.map((s) => (
          <li key={s} className="stat-card" data-status={s}>
            <span className="stat-value">{counts[s]}</span> <span className="stat-label">{t(`status.${s}`)}</span>
          </li>
        ))}
      </ul>
      <section aria-labelledby="outbox-providers">
        <h2 id="outbox-providers">{t("providers.title")}</h2>
        <ul>
          {providers.map((p) => (
            <li key={p.channel} data-channel={p.channel} data-ready={p.ready ? "1" : "0"}>
              {p.ready
                ? t("providers.ready", { channel: t(`channel.${p.channel}`) })
                : t("providers.missing", { channel: t(`channel.${p.channel}`), variable: p.variable, count: p.waiting })}
            </li>
          ))}
        </ul>
      </section>
      {messages.length === 0 ? (
        <p className="empty">{t("empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table outbox-table stacked-table">
            <caption className="visually-hidden">{t("table.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("table.kind")}</th>
                <th scope="col">{t("table.recipient")}</th>
                <th scope="col">{t("table.status")}</th>
                <th scope="col">{t("table.attempts")}</th>
                <th scope="col">{t("table.nextAttempt")}</th>
                <th scope="col">{t("table.lastError")}</th>
                <th scope="col">{t("table.about")}</th>
                <th scope="col">{t("table.created")}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id} data-message-id={m.id} data-status={m.status}>
                  <th scope="row">
                    {kind(m.kind)}
                    <br />
                    <span className="muted">{t(`channel.${m.channel}`)}</span>
                  </th>
                  <td data-label={t("table.recipient")}>{m.recipient}</td>
                  <td data-label={t("table.status")}>
                    <span className={m.status === "failed" ? "badge badge-inactive" : "badge"}>{t(`status.${m.status}`)}</span>
                    {m.sentAt ? <span className="muted"> {t("sentAt", { at: m.sentAt })}</span> : null}
                    {m.status === "failed" ? (
                      <>
                        {" "}
                        <ActionButton intent="retry" fields={{ id: m.id }} label={
                            <>
                              {t("retry")}
                              <span className="visually-hidden"> {t("retryLabel", { id: m.id })}</span>
                            </>
                          }
                        />
                      </>
                    ) : null}
                  </td>
                  <td data-label={t("table.attempts")}>
                    {m.attempts}/{OUTBOX_MAX_ATTEMPTS}
                  </td>
                  <td data-label={t("table.nextAttempt")}>{m.nextAttemptAt ? <time>{m.nextAttemptAt}</time> : t("none")}</td>
                  <td data-label={t("table.lastError")}>{m.lastError ? <code>{m.lastError}</code> : t("none")}</td>
                  <td data-label={t("table.about")}>{m.about ? t(`about.${m.about.type}`, { id: m.about.id, defaultValue: `${m.about.type} #${m.about.id}` }) : t("none")}</td>
                  <td data-label={t("table.created")}>
                    <time>{m.createdAt}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <nav className="pager" aria-label={t("pages")}>
          {page > 1 ? <Link to={`?page=${page - 1}`}>{t("newer")}</Link> : null}
          <span>{t("pageOf", { page, pages })}</span>
          {page < pages ? <Link to={`?page=${page + 1}`}>{t("older")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
