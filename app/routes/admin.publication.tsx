import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminErrorPage } from "~/components/admin/error-page";
import { AdminForm, ErrorSummary } from "~/components/admin/form";
import { useFormatters, usePeriodLabel } from "~/components/dashboard/format";
import { periodChoice } from "~/domain/dashboard-view";
import { parsePublicationPeriod, PUBLICATION_KINDS, PUBLICATION_NOTE_MAX, PublishForm } from "~/domain/publication";
import { vietnamDate } from "~/domain/vietnam-time";
import { env } from "~/env.server";
import { actorOf, answerForm, formObject, invalidForm, parseForm, readForm, refusedForm } from "~/http/forms.server";
import { requirePermission } from "~/http/permissions.server";
import type { RouteHandle } from "~/http/route-handle";
import { listPeriodsForAdmin, publishPeriod } from "~/modules/publication/publication.service.server";

export const handle: RouteHandle = { i18n: ["admin", "public"] };

/** Recent months, quarters and years: whether each is closed, published (and how often), and when it will be. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const afterDays = env().publishAfterDays;
  const now = new Date();
  return { periods: await listPeriodsForAdmin(context.db, now, afterDays), afterDays, today: vietnamDate(now) };
}

/** Publishes (or republishes) one closed period as its next revision. */
export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requirePermission({ request, context }, "admin:manage");
  const values = formObject(await readForm(request));
  if (values.intent !== "publish") return invalidForm({ _form: { code: "invalid" } }, values);
  const parsed = parseForm(PublishForm, values);
  if (!parsed.ok) return refusedForm(parsed.problem, values);
  const { period, note } = parsed.value;
  const outcome = await publishPeriod(context.db, actorOf(principal), period, { note });
  return answerForm(outcome, values, (done) => `/admin/publication?published=${done?.period ?? period}&revision=${done?.revision ?? 0}`);
}

export default function PublicationPage() {
  const { periods, afterDays, today } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t } = useTranslation("public");
  const f = useFormatters();
  const periodLabel = usePeriodLabel();
  const name = (key: string) => periodLabel(periodChoice(key)!);
  // The flash after a publication; an address naming no period (typed or forged) shows none, rather than failing the page.
  const publishedKey = search.get("published");
  const published = publishedKey !== null && parsePublicationPeriod(publishedKey) ? publishedKey : null;
  return (
    <>
      <h1>{t("admin.title")}</h1>
      <p>{t("admin.intro", { days: afterDays })}</p>
      <p>
        <a href="/ket-qua">{t("admin.publicLink")}</a>
      </p>
      {published ? (
        <p className="flash" role="status">
          {t("admin.done", { period: name(published), revision: search.get("revision") })}
        </p>
      ) : null}
      <ErrorSummary errors={failed?.errors} labels={{ period: t("admin.period"), note: t("admin.note") }} />
      {PUBLICATION_KINDS.map((kind) => (
        <section key={kind} aria-labelledby={`kind-${kind}`} className="org-section">
          <h2 id={`kind-${kind}`}>{t("admin.caption", { kind: t(`admin.kinds.${kind}`) })}</h2>
          <div className="table-scroll" role="region" aria-labelledby={`kind-${kind}`} tabIndex={0}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t("admin.period")}</th>
                  <th scope="col">{t("admin.status")}</th>
                  <th scope="col">{t("admin.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {periods[kind].map(({ period, closed, autoDate, revisions }) => {
                  const latest = revisions[0];
                  return (
                    <tr key={period.key} data-period={period.key} data-revision={latest?.revision ?? 0}>
                      <th scope="row">{name(period.key)}</th>
                      <td>
                        {!closed
                          ? t("admin.open")
                          : latest
                            ? (
                                <>
                                  {t("admin.publishedAs", { revision: latest.revision, date: f.dateTime(latest.publishedAt), by: latest.publishedBy ?? t("admin.automatically") })}{" "}
                                  <a href={`/ket-qua?period=${period.key}`}>
                                    {t("admin.view")}
                                    <span className="visually-hidden"> {name(period.key)}</span>
                                  </a>
                                </>
                              )
                            : autoDate > today
                              ? t("admin.notYet", { date: f.date(autoDate) })
                              : t("admin.notYetPast")}
                      </td>
                      <td>
                        {closed ? (
                          <AdminForm className="inline-form" aria-label={`${latest ? t("admin.republish") : t("admin.publish")} ${name(period.key)}`}>
                            <input type="hidden" name="period" value={period.key} />
                            {latest ? (
                              <label>
                                <span className="visually-hidden">{t("admin.note")}</span>
                                <input type="text" name="note" maxLength={PUBLICATION_NOTE_MAX} placeholder={t("admin.note")} />
                              </label>
                            ) : null}{" "}
                            <button type="submit" name="intent" value="publish" className={latest ? "button-secondary" : "button"}>
                              {latest ? t("admin.republish") : t("admin.publish")}
                              <span className="visually-hidden"> {name(period.key)}</span>
                            </button>
                          </AdminForm>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
