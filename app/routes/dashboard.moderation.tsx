import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DashboardErrorPage } from "~/components/dashboard/error-page";
import { useFormatters } from "~/components/dashboard/format";
import type { MaskedKind } from "~/domain/masking";
import { COMMENT_DECISIONS, COMMENTS_PER_MODERATION_PAGE, CommentDecisionForm, MODERATION_STATUSES, queueQueryOf, type ModerationStatus } from "~/domain/moderation";
import { actorOf, formObject, parseForm, readForm, refusedForm } from "~/http/forms.server";
import { can, requirePermission } from "~/http/permissions.server";
import { problem, problemPage } from "~/http/problem.server";
import type { RouteHandle } from "~/http/route-handle";
import { i18nServer } from "~/i18n/i18n.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { csrfTokenFor } from "~/modules/accounts/sessions.service.server";
import { decideComments, listModerationQueue } from "~/modules/moderation/moderation.service.server";
import type { QueueComment } from "~/modules/moderation/types";
import moderationStyles from "~/styles/moderation.css?url";
import type { loader as dashboardLoader } from "./dashboard";

export const handle: RouteHandle = { i18n: ["moderation", "staff"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: moderationStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Hài Lòng" }];

function queueQuery(request: Request) {
  const parsed = queueQueryOf(new URL(request.url).searchParams);
  if (!parsed.ok) throw problemPage(problem("badParameter", `malformed ${parsed.parameter}`, { parameter: parsed.parameter }));
  return parsed.query;
}

/** The comments of the caller's sectors with one status, newest first, masked as they would be published. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requirePermission({ request, context }, "dashboard:read");
  const query = queueQuery(request);
  const queue = await listModerationQueue(context.db, { sectorIds: principal.sectorIds }, query);
  if (!queue.ok) throw problemPage(queue.problem);
  const mayDecide = can(principal, "comments:moderate");
  const t = await i18nServer.getFixedT(await requestLocale(request), "moderation");
  return { title: `${t("title")} — Hài Lòng`, queue: queue.value, mayDecide, csrf: mayDecide ? ((await csrfTokenFor(request)) ?? "") : "" };
}

/** Approves or rejects one comment or the page's selection; 303 back to the same page of the queue. */
export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requirePermission({ request, context }, "comments:moderate");
  const query = queueQuery(request);
  const input = formObject(await readForm(request), ["answerId"]);
  const parsed = parseForm(CommentDecisionForm, input);
  if (!parsed.ok) return refusedForm(parsed.problem, {});
  const moderator = { actor: actorOf(principal), sectorIds: principal.sectorIds, mayDecide: true };
  const decided = await decideComments(context.db, moderator, { answerIds: parsed.value.answerId, decision: parsed.value.decision });
  if (!decided.ok) return refusedForm(decided.problem, {});
  const lang = new URL(request.url).searchParams.get("lang");
  const back = new URLSearchParams({ status: query.status, ...(query.sector ? { sector: query.sector } : {}), ...(query.page > 1 ? { page: String(query.page) } : {}) });
  back.set("done", parsed.value.decision);
  back.set("n", String(decided.value.decided));
  if (lang === "en") back.set("lang", "en");
  return new Response(null, { status: 303, headers: { Location: `/dashboard/moderation?${back}` } });
}

const KINDS: MaskedKind[] = ["phone", "email", "idNumber"];

function CommentItem({ comment: c, mayDecide, selectable, csrf }: { comment: QueueComment; mayDecide: boolean; selectable: boolean; csrf: string }) {
  const { t } = useTranslation(["moderation", "staff"]);
  const f = useFormatters();
  const maskedKinds = KINDS.filter((k) => c.found[k] > 0);
  const textId = `comment-${c.answerId}-text`;
  return (
    <li className="comment moderation-comment" data-answer={c.answerId} data-status={c.status}>
      {selectable ? (
        <p className="moderation-select">
          <input type="checkbox" id={`select-${c.answerId}`} name="answerId" value={c.answerId} form="moderation-bulk" />
          <label htmlFor={`select-${c.answerId}`}>{t("select", { id: c.answerId })}</label>
        </p>
      ) : null}
      <p className="moderation-label" id={textId}>
        {t("published")}
      </p>
      <blockquote className="comment-text" aria-labelledby={textId} data-testid="masked-text">
        <p>
          {c.masked.map((s, i) =>
            s.masked ? (
              <mark key={i} className="masked" data-masked={s.masked}>
                {s.text}
                <span className="visually-hidden"> ({t("maskedMark")})</span>
              </mark>
            ) : (
              <span key={i}>{s.text}</span>
            ),
          )}
        </p>
      </blockquote>
      <p className="moderation-found" data-found={maskedKinds.join(" ")}>
        {maskedKinds.length === 0
          ? t("nothingMasked")
          : t("maskedCount", { list: maskedKinds.map((k) => t("maskedItem", { count: c.found[k], kind: t(`maskedKinds.${k}`) })).join(", ") })}
      </p>
      {maskedKinds.length > 0 ? (
        <details className="moderation-original">
          <summary>{t("original")}</summary>
          <p>{c.original}</p>
        </details>
      ) : null}
      <p className="comment-meta">
        <time dateTime={c.answeredAt}>{f.dateTime(c.answeredAt)}</time>
        <span aria-hidden="true"> · </span>
        <span>{c.servicePoint[f.language]}</span>
        <span aria-hidden="true"> · </span>
        <span>{c.sector[f.language]}</span>
        <span aria-hidden="true"> · </span>
        <span className={`rating rating-${c.overall ?? "na"}`}>
          {c.overall === null
            ? t("staff:dashboard.comments.noOverall")
            : t("staff:dashboard.comments.overall", { level: c.overall, words: t(`staff:dashboard.levels.${c.overall}`) })}
        </span>
      </p>
      {c.flagged ? (
        <p className="flag-mark" data-testid="flagged">
          {t("flagged", { reasons: c.flagReasons.map((r) => t(`staff:dashboard.flags.reasons.${r}`, { defaultValue: r })).join(", ") })}
        </p>
      ) : null}
      {c.status !== "pending" && c.decidedAt ? (
        <p className="comment-meta" data-testid="decided">
          {c.decidedBy
            ? t("decidedBy", { status: t(`statuses.${c.status}`), at: f.dateTime(c.decidedAt), by: c.decidedBy })
            : t("decided", { status: t(`statuses.${c.status}`), at: f.dateTime(c.decidedAt) })}
        </p>
      ) : null}
      {mayDecide ? (
        <Form method="post" className="moderation-actions" preventScrollReset>
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="answerId" value={c.answerId} />
          {c.status !== "approved" ? (
            <button type="submit" name="decision" value="approve" className="button">
              {t(c.status === "rejected" ? "approveAgain" : "approve")}
            </button>
          ) : null}
          {c.status !== "rejected" ? (
            <button type="submit" name="decision" value="reject" className="button secondary">
              {t(c.status === "approved" ? "rejectAgain" : "reject")}
            </button>
          ) : null}
        </Form>
      ) : null}
    </li>
  );
}

export default function ModerationPage() {
  const { queue, mayDecide, csrf } = useLoaderData<typeof loader>();
  const frame = useRouteLoaderData<typeof dashboardLoader>("routes/dashboard");
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t } = useTranslation(["moderation", "staff"]);
  const f = useFormatters();
  const lang = search.get("lang") === "en" ? "en" : null;
  const href = (changes: { status?: ModerationStatus; page?: number }) => {
    const status = changes.status ?? queue.status;
    const page = changes.page ?? 1;
    const params = new URLSearchParams({ status, ...(queue.sector ? { sector: queue.sector } : {}), ...(page > 1 ? { page: String(page) } : {}), ...(lang ? { lang } : {}) });
    return `/dashboard/moderation?${params}`;
  };
  const total = queue.counts[queue.status];
  const first = (queue.page - 1) * queue.perPage + 1;
  const last = Math.min(total, queue.page * queue.perPage);
  const done = search.get("done");
  const doneCount = Number(search.get("n") ?? "0");
  const errors = result && !result.ok ? result.errors : {};
  // A page's selection is decided together when there is more than one comment to choose from.
  const selectable = mayDecide && queue.comments.length > 1;

  return (
    <>
      <h1 id="moderation-title">{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      {done && (COMMENT_DECISIONS as readonly string[]).includes(done) && Number.isSafeInteger(doneCount) && doneCount > 0 ? (
        <p className="notice" role="status" data-testid="moderation-done">
          {t(`done.${done}`, { count: doneCount })}
        </p>
      ) : null}
      {Object.keys(errors).length > 0 ? (
        <p className="error-summary" role="alert" data-testid="form-error">
          {errors.answerId ? t("errors.answerId", { max: COMMENTS_PER_MODERATION_PAGE }) : t("errors.decision")}
        </p>
      ) : null}
      {!mayDecide ? <p className="muted">{t("readOnly")}</p> : null}

      <nav className="moderation-tabs" aria-label={t("tabsLabel")}>
        <ul>
          {MODERATION_STATUSES.map((s) => (
            <li key={s}>
              <Link to={href({ status: s })} aria-current={s === queue.status ? "page" : undefined} data-status={s}>
                {t("tab", { label: t(`statuses.${s}`), n: f.count(queue.counts[s]) })}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {(frame?.sectors.length ?? 0) > 1 || queue.sector ? (
        <form method="get" className="filter-form">
          <input type="hidden" name="status" value={queue.status} />
          {lang ? <input type="hidden" name="lang" value={lang} /> : null}
          <label className="field">
            <span>{t("sector")}</span>
            <select name="sector" defaultValue={queue.sector ?? ""} key={queue.sector ?? ""}>
              <option value="">{t("allSectors")}</option>
              {(frame?.sectors ?? []).map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button secondary">
            {t("filter")}
          </button>
        </form>
      ) : null}

      <p aria-live="polite" data-figure="moderation-total">
        {total === 0 ? t("empty") : queue.comments.length === 0 ? t("pastEnd", { total: f.count(total) }) : t("showing", { first: f.count(first), last: f.count(last), total: f.count(total) })}
      </p>

      {queue.comments.length > 0 ? (
        <ol className="comment-list" aria-labelledby="moderation-title">
          {queue.comments.map((c) => (
            <CommentItem key={c.answerId} comment={c} mayDecide={mayDecide} selectable={selectable} csrf={csrf} />
          ))}
        </ol>
      ) : null}

      {selectable ? (
        <Form method="post" id="moderation-bulk" className="moderation-bulk" preventScrollReset>
          <fieldset>
            <legend>{t("bulkLegend")}</legend>
            <input type="hidden" name="_csrf" value={csrf} />
            {queue.status !== "approved" ? (
              <button type="submit" name="decision" value="approve" className="button">
                {t("approveSelected")}
              </button>
            ) : null}
            {queue.status !== "rejected" ? (
              <button type="submit" name="decision" value="reject" className="button secondary">
                {t("rejectSelected")}
              </button>
            ) : null}
          </fieldset>
        </Form>
      ) : null}

      {queue.page > 1 || last < total ? (
        <nav className="pager" aria-label={t("pages")}>
          {queue.page > 1 ? (
            <Link to={href({ page: queue.comments.length === 0 ? 1 : queue.page - 1 })} rel="prev">
              <span aria-hidden="true">‹ </span>
              {t("newer")}
            </Link>
          ) : null}
          {last < total ? (
            <Link to={href({ page: queue.page + 1 })} rel="next">
              {t("older")}
              <span aria-hidden="true"> ›</span>
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <DashboardErrorPage />;
}
