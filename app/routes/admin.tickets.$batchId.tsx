import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminErrorPage } from "~/components/admin/error-page";
import { paginate, LABELS_PER_PAGE } from "~/domain/qr-print";
import { vietnamIsoTime } from "~/domain/vietnam-time";
import { getTicketBatch } from "~/modules/tickets/tickets.service.server";
import { foundOr404 } from "~/http/forms.server";
import { i18nServer } from "~/i18n/i18n.server";
import { resources } from "~/i18n/i18n";
import { requestLocale } from "~/i18n/request-locale.server";
import { qrSvg, ticketSurveyUrl } from "~/modules/posters/qr.server";
import type { RouteHandle } from "~/http/route-handle";
import qrStyles from "~/styles/admin-qr.css?url";
import { requirePermission } from "~/http/permissions.server";

export const handle: RouteHandle = { i18n: ["admin", "admin-qr"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: qrStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? resources.vi["admin-qr"].tickets.title }];

const vietnamMinute = (iso: string) => vietnamIsoTime(new Date(iso)).slice(0, 16).replace("T", " ");

/** A batch's tickets as A4 sheets of 3 × 7 labels, each a QR of its single-use survey link. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const locale = await requestLocale(request);
  const id = /^[1-9]\d{0,9}$/.test(params.batchId ?? "") ? Number(params.batchId) : null;
  const batch = foundOr404(id === null ? null : await getTicketBatch(context.db, id), "no batch has that number");
  const labels = await Promise.all(
    batch.tickets.map(async (ticket) => {
      const url = ticketSurveyUrl(batch.point.code, ticket.token);
      return { token: ticket.token, used: ticket.used, url, svg: await qrSvg(url, "label") };
    }),
  );
  return {
    batch: {
      id: batch.id,
      point: batch.point.code,
      pointName: batch.point.name[locale],
      sector: batch.sector?.name[locale] ?? null,
      count: batch.count,
      used: batch.used,
      created: vietnamMinute(batch.createdAt),
      by: batch.createdBy,
      expires: batch.expiresAt ? vietnamMinute(batch.expiresAt) : null,
    },
    pages: paginate(labels, LABELS_PER_PAGE),
    title: (await i18nServer.getFixedT(request, "admin-qr"))("sheet.documentTitle", { id: batch.id, code: batch.point.code }),
  };
}

export default function TicketSheet() {
  const { batch, pages } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("admin-qr");
  // Labels go to citizens: always Vietnamese.
  const vi = i18n.getFixedT("vi", "admin-qr");
  return (
    <>
      <div className="no-print">
        <h1>{t("sheet.title", { id: batch.id, code: batch.point, count: batch.count })}</h1>
        <p>
          {t("sheet.summary", {
            point: batch.pointName,
            sector: batch.sector ?? t("tickets.allSectors"),
            created: batch.created,
            by: batch.by ?? t("sheet.unknownUser"),
            used: batch.used,
            count: batch.count,
          })}
          {batch.expires ? ` ${t("sheet.expires", { date: batch.expires })}` : null}
        </p>
        <nav className="qr-toolbar" aria-label={t("sheet.print")}>
          <Link to="/admin/tickets">{t("sheet.back")}</Link>
          <button type="button" className="button" onClick={() => window.print()}>
            {t("sheet.print")}
          </button>
        </nav>
        <p className="qr-hint">{t("sheet.pages", { count: pages.length })}</p>
      </div>
      <div className="label-sheets">
        {pages.map((labels, index) => (
          <section key={index} className="label-sheet" lang="vi" aria-label={`${index + 1}/${pages.length}`}>
            {labels.map((label) => (
              <div key={label.token} className={label.used ? "ticket-label ticket-label-used" : "ticket-label"} data-token={label.token}>
                <div
                  className="ticket-qr"
                  role="img"
                  aria-label={vi("sheet.labelQr", { code: label.token })}
                  dangerouslySetInnerHTML={{ __html: label.svg }}
                />
                <div className="ticket-text">
                  <p className="ticket-instruction">{vi("sheet.labelInstruction")}</p>
                  <p>
                    {vi("sheet.labelCode")}:<br />
                    <span className={label.used ? "ticket-code ticket-used" : "ticket-code"}>{label.token}</span>
                    {label.used ? <span className="no-print"> ({t("sheet.used")})</span> : null}
                  </p>
                  <p className="ticket-point">{vi("sheet.labelPoint", { code: batch.point })}</p>
                </div>
              </div>
            ))}
          </section>
        ))}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
