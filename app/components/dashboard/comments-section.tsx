import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { SectorData } from "~/modules/dashboard/types";
import { useFormatters } from "./format";
import { HiddenViewFields } from "./hidden-view-fields";
import { viewSearch, type DashboardView } from "~/domain/dashboard-view";

const RATING_OPTIONS = ["satisfied", "neutral", "dissatisfied", "5", "4", "3", "2", "1"] as const;

/** Citizens' comments, newest first, filtered by their overall rating and by service point, a page at a time. */
export function CommentsSection({
  comments,
  units,
  view,
  pathname,
}: {
  comments: SectorData["comments"];
  units: SectorData["commentUnits"];
  view: DashboardView;
  pathname: string;
}) {
  const { t } = useTranslation("staff");
  const f = useFormatters();
  const first = comments.total === 0 ? 0 : (comments.page - 1) * comments.perPage + 1;
  const last = Math.min(comments.total, comments.page * comments.perPage);
  const hasNext = last < comments.total;

  return (
    <section className="comments" aria-labelledby="comments-title">
      <h2 id="comments-title">{t("dashboard.comments.title")}</h2>
      <Form method="get" action={pathname} className="filter-form">
        <label className="field">
          <span>{t("dashboard.comments.rating")}</span>
          <select name="rating" defaultValue={view.rating ?? ""} key={view.rating ?? ""}>
            <option value="">{t("dashboard.comments.allRatings")}</option>
            {RATING_OPTIONS.map((rating) => (
              <option key={rating} value={rating}>
                {t(`dashboard.comments.ratings.${rating}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("dashboard.comments.unit")}</span>
          <select name="unit" defaultValue={view.unit ?? ""} key={view.unit ?? ""}>
            <option value="">{t("dashboard.comments.allUnits")}</option>
            {units.map((u) => (
              <option key={u.code} value={u.code}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <HiddenViewFields view={view} except={["rating", "unit", "page"]} />
        <button type="submit" className="button">
          {t("dashboard.comments.filter")}
        </button>
      </Form>

      <p className="comments-count" aria-live="polite" data-figure="comments-total">
        {comments.total === 0
          ? t("dashboard.comments.none")
          : comments.comments.length === 0
            ? t("dashboard.comments.pastEnd", { total: f.count(comments.total) })
            : t("dashboard.comments.showing", { first: f.count(first), last: f.count(last), total: f.count(comments.total) })}
      </p>
      {comments.comments.length > 0 ? (
        <ol className="comment-list">
          {comments.comments.map((c) => (
            <li key={c.responseId} className="comment" data-response={c.responseId}>
              <blockquote className="comment-text">
                <p>{c.text}</p>
              </blockquote>
              <p className="comment-meta">
                <time dateTime={c.answeredAt}>{f.dateTime(c.answeredAt)}</time>
                <span aria-hidden="true"> · </span>
                <span>{c.servicePoint.name[f.language]}</span>
                <span aria-hidden="true"> · </span>
                <span className={`rating rating-${c.overall ?? "na"}`} data-rating={c.overall ?? "na"}>
                  {c.overall === null
                    ? t("dashboard.comments.noOverall")
                    : t("dashboard.comments.overall", { level: c.overall, words: t(`dashboard.levels.${c.overall}`) })}
                </span>
                {c.flagged ? (
                  <>
                    <span aria-hidden="true"> · </span>
                    <span className="flag-mark">
                      {t("dashboard.comments.flagged", {
                        reasons: c.flagReasons.map((r) => t(`dashboard.flags.reasons.${r}`, { defaultValue: r })).join(", "),
                      })}
                    </span>
                  </>
                ) : null}
              </p>
            </li>
          ))}
        </ol>
      ) : null}
      {comments.page > 1 || hasNext ? (
        <nav className="pager" aria-label={t("dashboard.comments.pages")}>
          {comments.page > 1 ? (
            <Link
              to={`${pathname}${viewSearch(view, { page: comments.comments.length === 0 ? 1 : comments.page - 1 })}`}
              rel="prev"
              preventScrollReset
            >
              <span aria-hidden="true">‹ </span>
              {t("dashboard.comments.newer")}
            </Link>
          ) : null}
          {hasNext ? (
            <Link to={`${pathname}${viewSearch(view, { page: comments.page + 1 })}`} rel="next" preventScrollReset>
              {t("dashboard.comments.older")}
              <span aria-hidden="true"> ›</span>
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
