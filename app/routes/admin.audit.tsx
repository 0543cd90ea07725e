import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { changedFields } from "~/domain/audit-diff";
import { dayNumberOf, isCalendarDate } from "~/domain/periods";
import { vietnamDayStart, vietnamIsoTime } from "~/domain/vietnam-time";
import { AUDIT_PAGE_SIZE, auditLogPage } from "~/modules/audit/audit.service.server";
import { requirePermission } from "~/http/permissions.server";

/** The filters, from the address; anything malformed is simply not applied (and said so). */
const AuditQuery = z.object({
  entity: z.string().max(40).optional().catch(undefined),
  action: z.string().max(40).optional().catch(undefined),
  actor: z.string().max(200).optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
  from: z.string().refine(isCalendarDate).optional().catch(undefined),
  to: z.string().refine(isCalendarDate).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const query = AuditQuery.parse(params);
  const page = await auditLogPage(
    context.db,
    {
      entityType: query.entity,
      action: query.action,
      actor: query.actor,
      q: query.q,
      from: query.from ? vietnamDayStart(dayNumberOf(query.from)).toISOString() : undefined,
      to: query.to ? vietnamDayStart(dayNumberOf(query.to) + 1).toISOString() : undefined,
    },
    query.page,
  );
  return {
    query,
    facets: page.facets,
    total: page.total,
    pages: Math.max(1, Math.ceil(page.total / AUDIT_PAGE_SIZE)),
    entries: page.entries.map((e) => ({
      id: e.id,
      at: vietnamIsoTime(new Date(e.at)).slice(0, 19).replace("T", " "),
      actor: e.actorName,
      action: e.action,
      entityType: e.entityType,
      label: e.label,
      changes: changedFields(e.beforeJson, e.afterJson),
    })),
  };
}

function pageHref(query: Record<string, unknown>, page: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && k !== "page") params.set(k, String(v));
  params.set("page", String(page));
  return `?${params}`;
}

export default function AuditLogPage() {
  const { query, facets, entries, total, pages } = useLoaderData<typeof loader>();
  const { t } = useTranslation("admin");
  const named = (group: "entities" | "actions", value: string) => t(`audit.${group}.${value}`, { defaultValue: value });
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <p className="lead">{t("audit.intro")}</p>
      <Form method="get" className="filter-form" aria-label={t("audit.filters")}>
        <label className="field">
          <span>{t("audit.entity")}</span>
          <select name="entity" defaultValue={query.entity ?? ""}>
            <option value="">{t("audit.any")}</option>
            {facets.entityTypes.map((v) => (
              <option key={v} value={v}>
                {named("entities", v)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("audit.action")}</span>
          <select name="action" defaultValue={query.action ?? ""}>
            <option value="">{t("audit.any")}</option>
            {facets.actions.map((v) => (
              <option key={v} value={v}>
                {named("actions", v)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("audit.actor")}</span>
          <select name="actor" defaultValue={query.actor ?? ""}>
            <option value="">{t("audit.any")}</option>
            {facets.actors.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("audit.search")}</span>
          <input type="search" name="q" defaultValue={query.q ?? ""} maxLength={200} />
        </label>
        <label className="field">
          <span>{t("audit.from")}</span>
          <input type="date" name="from" defaultValue={query.from ?? ""} />
        </label>
        <label className="field">
          <span>{t("audit.to")}</span>
          <input type="date" name="to" defaultValue={query.to ?? ""} />
        </label>
        <button type="submit" className="button">
          {t("audit.apply")}
        </button>
      </Form>
      <p aria-live="polite">{t("audit.count", { count: total })}</p>
      {entries.length === 0 ? (
        <p className="empty">{t("audit.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table audit-table">
            <caption className="visually-hidden">{t("audit.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("audit.when")}</th>
                <th scope="col">{t("audit.actor")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.entity")}</th>
                <th scope="col">{t("audit.changes")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-entity={e.entityType} data-action={e.action}>
                  <td>
                    <time>{e.at}</time>
                  </td>
                  <td>{e.actor}</td>
                  <td>{named("actions", e.action)}</td>
                  <td>
                    {named("entities", e.entityType)}: <strong>{e.label}</strong>
                  </td>
                  <td>
                    {e.changes.length === 0 ? (
                      "—"
                    ) : (
                      <ul className="changes">
                        {e.changes.map((c) => (
                          <li key={c.field}>
                            <code>{c.field || "—"}</code>:{" "}
                            {c.before !== null ? <del>{c.before}</del> : null}
                            {c.before !== null && c.after !== null ? " → " : null}
                            {c.after !== null ? <ins>{c.after}</ins> : null}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <nav className="pager" aria-label={t("audit.pages")}>
          {query.page > 1 ? <Link to={pageHref(query, query.page - 1)}>{t("audit.newer")}</Link> : null}
          <span>{t("audit.pageOf", { page: query.page, pages })}</span>
          {query.page < pages ? <Link to={pageHref(query, query.page + 1)}>{t("audit.older")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
