import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DashboardErrorPage } from "~/components/dashboard/error-page";
import { useFormatters } from "~/components/dashboard/format";
import { ApologyForm, MAX_APOLOGY_REASON_LENGTH, MIN_APOLOGY_REASON_LENGTH, vietnamLocalInput } from "~/domain/dossiers";
import type { FieldError } from "~/domain/form-errors";
import { problem } from "~/domain/problem";
import { actorOf, formObject, parseForm, readForm, refusedForm } from "~/http/forms.server";
import { can, requirePermission } from "~/http/permissions.server";
import { problemPage } from "~/http/problem.server";
import { i18nServer } from "~/i18n/i18n.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { csrfTokenFor } from "~/modules/accounts/sessions.service.server";
import { getApology, sendApology } from "~/modules/dossiers/dossiers.service.server";
import apologyStyles from "~/styles/apologies.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: apologyStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Hài Lòng" }];

/** The id in the address: a positive integer, or the page does not exist. */
function apologyId(raw: string | undefined): number {
  const id = /^[1-9]\d{0,9}$/.test(raw ?? "") ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) throw problemPage(problem("notFound", "no apology has that id"));
  return id;
}

/**
 * One late dossier's "Phiếu xin lỗi và hẹn lại ngày trả kết quả": the form
 * while it is owed (managers and administrators of its sector), the filled
 * Phiếu to print once sent. Another sector's apology is 404.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requirePermission({ request, context }, "dashboard:read");
  const id = apologyId(params.id);
  const locale = await requestLocale(request);
  const now = new Date();
  const apology = await getApology(context.db, { sectorIds: principal.sectorIds }, id, now, locale);
  if (!apology.ok) throw problemPage(apology.problem);
  const canSend = can(principal, "apologies:send");
  const t = await i18nServer.getFixedT(locale, "timeliness");
  return {
    title: `${t("apology.pageTitle", { code: apology.value.dossier.code })} — Hài Lòng`,
    apology: apology.value,
    canSend,
    csrf: canSend ? ((await csrfTokenFor(request)) ?? "") : "",
    // The earliest new date the form takes, as its field shows it.
    earliest: vietnamLocalInput(new Date(Math.max(now.getTime(), Date.parse(apology.value.dossier.dueAt)) + 60_000).toISOString()),
    today: vietnamLocalInput(now.toISOString()).slice(0, 10),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requirePermission({ request, context }, "apologies:send");
  const id = apologyId(params.id);
  const scope = { sectorIds: principal.sectorIds };
  const input = formObject(await readForm(request));
  const values = { reason: input.reason ?? "", newDueAt: input.newDueAt ?? "" };
  // Another sector's apology is 404 whatever the form says.
  const found = await getApology(context.db, scope, id, new Date(), "vi");
  if (!found.ok) throw problemPage(found.problem);
  const parsed = parseForm(ApologyForm, input);
  if (!parsed.ok) return refusedForm(parsed.problem, values);
  const sent = await sendApology(context.db, actorOf(principal), scope, id, parsed.value);
  if (!sent.ok) return refusedForm(sent.problem, values);
  const lang = new URL(request.url).searchParams.get("lang");
  const search = new URLSearchParams({ sent: sent.value.channel ?? "none", ...(lang ? { lang } : {}) });
  return new Response(null, { status: 303, headers: { Location: `/dashboard/apologies/${id}?${search}` } });
}

function useErrorText() {
  const { t } = useTranslation("timeliness");
  return (error: FieldError | undefined) => (error ? t(`apology.errors.${error.code}`, { ...error.values, defaultValue: t("apology.errors.invalid") }) : null);
}

export default function ApologyPage() {
  const { apology, canSend, csrf, earliest, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t } = useTranslation("timeliness");
  const f = useFormatters();
  const errorText = useErrorText();
  const errors = result && !result.ok ? result.errors : {};
  const values = (result && !result.ok ? result.values : {}) as { reason?: string; newDueAt?: string };
  const { dossier } = apology;
  const sent = apology.status === "sent";
  const editing = !sent && canSend;
  const open = dossier.returnedAt === null;
  const signedOn = (sent && apology.sentAt ? vietnamLocalInput(apology.sentAt) : today).slice(0, 10);
  const lang = search.get("lang");
  const justSent = search.get("sent");
  const fieldIds = { reason: "apology-reason", newDueAt: "apology-new-due" };
  const errorIds = { reason: "apology-reason-error", newDueAt: "apology-new-due-error" };

  const phieu = (
    <article className="phieu" aria-labelledby="phieu-title">
      <header className="phieu-head">
        <div className="phieu-agency">
          <p className="phieu-agency-name">{apology.agency}</p>
          <p>{apology.point.name}</p>
        </div>
        <div className="phieu-republic">
          <p className="phieu-republic-name">{t("apology.republic")}</p>
          <p className="phieu-motto">{t("apology.motto")}</p>
          <p className="phieu-place">
            {t("apology.place", { day: signedOn.slice(8, 10), month: signedOn.slice(5, 7), year: signedOn.slice(0, 4) })}
          </p>
        </div>
      </header>
      <h2 id="phieu-title" className="phieu-title">
        {t("apology.formTitle")}
      </h2>
      <p className="phieu-to">{t("apology.addressee", { code: dossier.code })}</p>
      <p>{t("apology.opening", { agency: apology.agency })}</p>
      <dl className="phieu-facts">
        <dt>{t("apology.code")}</dt>
        <dd data-testid="phieu-code">{dossier.code}</dd>
        <dt>{t("apology.procedure")}</dt>
        <dd>{dossier.procedure ?? t("apologies.noProcedure")}</dd>
        <dt>{t("apology.point")}</dt>
        <dd>{apology.point.name}</dd>
        <dt>{t("apology.receivedAt")}</dt>
        <dd>{f.dateTime(dossier.receivedAt)}</dd>
        <dt>{t("apology.dueAt")}</dt>
        <dd>{f.dateTime(dossier.lateAt ?? dossier.dueAt)}</dd>
        {!open ? (
          <>
            <dt>{t("apology.returnedAt")}</dt>
            <dd>{f.dateTime(dossier.returnedAt!)}</dd>
          </>
        ) : null}
      </dl>
      <p>{t("apology.apologyText", { agency: apology.agency })}</p>
      {editing ? (
        <>
          <div className={errors.reason ? "field field-invalid" : "field"}>
            <label htmlFor={fieldIds.reason}>{t("apology.reason")}</label>
            <span className="field-hint" id="apology-reason-hint">
              {t("apology.reasonHint", { min: MIN_APOLOGY_REASON_LENGTH, max: MAX_APOLOGY_REASON_LENGTH })}
            </span>
            {errors.reason ? (
              <span className="field-error" id={errorIds.reason}>
                {errorText(errors.reason)}
              </span>
            ) : null}
            <textarea
              id={fieldIds.reason}
              name="reason"
              form="apology-form"
              rows={4}
              maxLength={MAX_APOLOGY_REASON_LENGTH}
              required
              defaultValue={values.reason ?? ""}
              aria-invalid={errors.reason ? true : undefined}
              aria-describedby={["apology-reason-hint", errors.reason ? errorIds.reason : null].filter(Boolean).join(" ")}
            />
          </div>
          {open ? (
            <div className={errors.newDueAt ? "field field-invalid" : "field"}>
              <label htmlFor={fieldIds.newDueAt}>{t("apology.newDueAt")}</label>
              <span className="field-hint" id="apology-new-due-hint">
                {t("apology.newDueAtHint", { due: f.dateTime(dossier.dueAt) })}
              </span>
              {errors.newDueAt ? (
                <span className="field-error" id={errorIds.newDueAt}>
                  {errorText(errors.newDueAt)}
                </span>
              ) : null}
              <input
                id={fieldIds.newDueAt}
                name="newDueAt"
                form="apology-form"
                type="datetime-local"
                min={earliest}
                required
                defaultValue={values.newDueAt ?? ""}
                aria-invalid={errors.newDueAt ? true : undefined}
                aria-describedby={["apology-new-due-hint", errors.newDueAt ? errorIds.newDueAt : null].filter(Boolean).join(" ")}
              />
            </div>
          ) : null}
        </>
      ) : (
        <dl className="phieu-facts phieu-filled">
          <dt>{t("apology.reason")}</dt>
          <dd className="phieu-reason" data-testid="phieu-reason">
            {apology.reason ?? "……………………………………………………"}
          </dd>
          {open || apology.newDueAt ? (
            <>
              <dt>{t("apology.newDueAt")}</dt>
              <dd data-testid="phieu-new-date">{apology.newDueAt ? f.dateTime(apology.newDueAt) : "……/……/………"}</dd>
            </>
          ) : null}
        </dl>
      )}
      <p>{t("apology.closing")}</p>
      <div className="phieu-sign">
        <div>
          <p className="phieu-signer">{t("apology.citizen")}</p>
          <p className="phieu-sign-hint">{t("apology.signHint")}</p>
        </div>
        <div>
          <p className="phieu-signer">{t("apology.signer")}</p>
          <p className="phieu-sign-hint">{t("apology.signHint")}</p>
        </div>
      </div>
    </article>
  );

  return (
    <>
      <p className="no-print">
        <Link to={`/dashboard/apologies${lang ? `?lang=${encodeURIComponent(lang)}` : ""}`}>{t("apology.back")}</Link>
      </p>
      <h1 className="no-print">{t("apology.pageTitle", { code: dossier.code })}</h1>
      <div className="no-print apology-standing">
        {sent ? (
          <p className="flash" role="status" data-testid="apology-sent">
            {t("apology.sentNotice", { at: f.dateTime(apology.sentAt!) })}{" "}
            {justSent === "email" || justSent === "sms" || justSent === "none" ? t(`apology.sentBy.${justSent}`) : null}{" "}
            {t(apology.sentInTime ? "apology.inTime" : "apology.notInTime", { dueBy: f.dateTime(apology.dueBy) })}
          </p>
        ) : (
          <p className={apology.overdue ? "notice" : undefined}>
            {t(apology.overdue ? "apology.overdue" : "apology.dueBy", { dueBy: f.dateTime(apology.dueBy) })}
          </p>
        )}
        {!sent && !canSend ? <p className="muted">{t("apology.readOnly")}</p> : null}
        {editing ? <p>{t(apology.notify ? "apology.willNotify" : "apology.noContact")}</p> : null}
        {errors._form ? (
          <p className="error-summary" role="alert" data-testid="form-error">
            {errorText(errors._form)}
          </p>
        ) : Object.keys(errors).length > 0 ? (
          <p className="error-summary" role="alert">
            {t("apology.errorSummary")}
          </p>
        ) : null}
      </div>
      {phieu}
      {editing ? (
        <Form method="post" id="apology-form" className="no-print apology-actions" noValidate>
          <input type="hidden" name="_csrf" value={csrf} />
          <button type="submit" className="button">
            {t("apology.send")}
          </button>
        </Form>
      ) : null}
      {sent ? (
        <p className="no-print apology-actions">
          <button type="button" className="button" onClick={() => window.print()}>
            {t("apology.print")}
          </button>{" "}
          <span className="field-hint">{t("apology.printHint")}</span>
        </p>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <DashboardErrorPage />;
}
