import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminForm, ErrorSummary, SelectField, TextField } from "~/components/admin/form";
import type { FieldErrors } from "~/domain/form-errors";
import { resolveSector } from "~/domain/sector-resolution";
import { MintBatchForm } from "~/domain/ticket-request";
import { vietnamIsoTime } from "~/domain/vietnam-time";
import { findTicketPoint, listRecentTicketBatches, mintTicketBatch, ticketSheetChoices } from "~/modules/tickets/tickets.service.server";
import { actorOf, answerForm, formObject, invalidForm, parseForm, readForm } from "~/http/forms.server";
import { requestLocale } from "~/i18n/request-locale.server";
import type { RouteHandle } from "~/http/route-handle";
import qrStyles from "~/styles/admin-qr.css?url";
import { requirePermission } from "~/http/permissions.server";

export const handle: RouteHandle = { i18n: ["admin", "admin-qr"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: qrStyles }];

const FIELD_ORDER = ["servicePoint", "sector", "count", "expiryDays"] as const;

const vietnamMinute = (iso: string) => vietnamIsoTime(new Date(iso)).slice(0, 16).replace("T", " ");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const locale = await requestLocale(request);
  const db = context.db;
  const [{ points, sectors }, batches] = await Promise.all([ticketSheetChoices(db), listRecentTicketBatches(db, 20)]);
  const sectorName = new Map(sectors.map((s) => [s.id, s.name[locale]]));
  return {
    points: points
      .filter((p) => p.active)
      .map((p) => ({ code: p.code, name: p.name[locale], sectors: p.sectorIds.map((id) => sectorName.get(id) ?? "").filter(Boolean) })),
    sectors: sectors.map((s) => ({ code: s.code, name: s.name[locale] })),
    batches: batches.map((b) => ({
      id: b.id,
      point: b.point.code,
      pointName: b.point.name[locale],
      sector: b.sector?.name[locale] ?? null,
      count: b.count,
      used: b.used,
      created: vietnamMinute(b.createdAt),
      by: b.createdBy,
      expires: b.expiresAt ? vietnamMinute(b.expiresAt).slice(0, 10) : null,
    })),
  };
}

/** Mints a batch and its audit record in one transaction, then opens its printable sheet. */
export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requirePermission({ request, context }, "admin:manage");
  const values = formObject(await readForm(request));
  const parsed = parseForm(MintBatchForm, values);
  // The point and sector are checked against the organisation even when another
  // field is wrong, so that every error shows at once.
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.problem.fieldErrors };
  const pointCode = typeof values.servicePoint === "string" ? values.servicePoint.trim() : "";
  const sectorCode = typeof values.sector === "string" ? values.sector.trim() : "";
  const point = errors.servicePoint ? null : await findTicketPoint(context.db, pointCode);
  let sectorId: number | null = null;
  if (!errors.servicePoint && !point) {
    errors.servicePoint = { code: "notFound" };
  } else if (point && !errors.sector) {
    const resolved = resolveSector(point.sectors, { chosenCode: sectorCode === "" ? null : sectorCode });
    if (resolved.ok) sectorId = resolved.sector.id;
    else errors.sector = { code: resolved.error === "sector_required" ? "required" : "invalid" };
  }
  if (!parsed.ok || !point || Object.keys(errors).length > 0) {
    // Listed in the order of the form's fields.
    const ordered = Object.fromEntries(FIELD_ORDER.filter((name) => errors[name]).map((name) => [name, errors[name]!]));
    return invalidForm(ordered, values);
  }
  const { count, expiryDays } = parsed.value;
  const outcome = await mintTicketBatch(context.db, actorOf(principal), {
    point,
    sectorId,
    count,
    expiryDays,
    createdBy: principal.kind === "user" ? principal.id : null,
  });
  return answerForm(outcome, values, (batchId) => `/admin/tickets/${batchId}`);
}

export default function TicketsPage() {
  const { points, sectors, batches } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("admin-qr");
  const errors = result && !result.ok ? result.errors : undefined;
  const values = (result && !result.ok ? result.values : {}) as Record<string, string | undefined>;
  const labels = {
    servicePoint: t("tickets.point"),
    sector: t("tickets.sector"),
    count: t("tickets.count"),
    expiryDays: t("tickets.expiry"),
  };
  return (
    <>
      <h1>{t("tickets.title")}</h1>
      <p className="lead">{t("tickets.intro")}</p>
      <section aria-labelledby="mint-title">
        <h2 id="mint-title">{t("tickets.mintTitle")}</h2>
        <ErrorSummary errors={errors} labels={labels} />
        <AdminForm className="admin-form ticket-form" aria-labelledby="mint-title">
          <SelectField
            name="servicePoint"
            label={labels.servicePoint}
            error={errors?.servicePoint}
            defaultValue={values.servicePoint}
            placeholder={t("admin:form.choose")}
            options={points.map((p) => ({
              value: p.code,
              label: t("tickets.pointOption", { code: p.code, name: p.name, sectors: p.sectors.join(", ") }),
            }))}
          />
          <SelectField
            name="sector"
            label={labels.sector}
            hint={t("tickets.sectorHint")}
            error={errors?.sector}
            defaultValue={values.sector}
            placeholder={t("tickets.sectorAny")}
            options={sectors.map((s) => ({ value: s.code, label: s.name }))}
          />
          <TextField
            name="count"
            label={labels.count}
            hint={t("tickets.countHint")}
            error={errors?.count}
            defaultValue={values.count ?? "21"}
            inputMode="numeric"
            autoComplete="off"
          />
          <TextField
            name="expiryDays"
            label={labels.expiryDays}
            hint={t("tickets.expiryHint")}
            error={errors?.expiryDays}
            defaultValue={values.expiryDays}
            inputMode="numeric"
            autoComplete="off"
          />
          <div className="form-actions">
            <button type="submit" className="button">
              {t("tickets.mint")}
            </button>
          </div>
        </AdminForm>
      </section>
      <section aria-labelledby="recent-title">
        <h2 id="recent-title">{t("tickets.recent")}</h2>
        {batches.length === 0 ? (
          <p className="empty">{t("tickets.empty")}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table ticket-batches">
              <caption className="visually-hidden">{t("tickets.recent")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("tickets.batch")}</th>
                  <th scope="col">{t("tickets.point")}</th>
                  <th scope="col">{t("tickets.sector")}</th>
                  <th scope="col">{t("tickets.count")}</th>
                  <th scope="col">{t("tickets.used")}</th>
                  <th scope="col">{t("tickets.expires")}</th>
                  <th scope="col">{t("tickets.created")}</th>
                  <th scope="col">{t("tickets.by")}</th>
                </tr>
              </thead>
              <tbody>
                {batches.map((b) => (
                  <tr key={b.id} data-batch={b.id}>
                    <td>
                      <Link to={`/admin/tickets/${b.id}`}>{t("tickets.open", { id: b.id })}</Link>
                    </td>
                    <td>
                      <code>{b.point}</code> {b.pointName}
                    </td>
                    <td>{b.sector ?? "—"}</td>
                    <td className="num">{b.count}</td>
                    <td className="num">{b.used}</td>
                    <td>{b.expires ?? t("tickets.never")}</td>
                    <td>
                      <time>{b.created}</time>
                    </td>
                    <td>{b.by ?? t("sheet.unknownUser")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
