import crypto from "node:crypto";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { isRouteErrorResponse, useActionData, useLoaderData, useParams, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageShell } from "~/components/page-shell";
import { SurveyForm, type SurveyFormQuestion } from "~/components/survey-form";
import { isLocale, type Locale } from "~/domain/questionnaire";
import { CONTACT_ERROR_FIELDS, decodeFormBody, FORM_FIELDS, MalformedFormError, parseSurveyForm, questionKeyOfField } from "~/domain/survey-form";
import { env } from "~/env.server";
import { i18nServer } from "~/i18n/i18n.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { localizedHref, otherLanguageHref } from "~/i18n/locale-url";
import { callerOf } from "~/http/permissions.server";
import { BodyError, readTextBody } from "~/http/request-body.server";
import { problem, problemPage, type PageProblem, type Problem } from "~/http/problem.server";
import { comesFromAnotherSite } from "~/http/same-site.server";
import type { RouteHandle } from "~/http/route-handle";
import { submitterOf } from "~/http/submitter.server";
import { openSurvey, submitResponse, type StoredQuestion } from "~/modules/survey/submission.service.server";
import { deviceCookie, newDeviceId, readDeviceId, signFormStart } from "~/modules/survey/trust.server";
import { trackingCodeCookie } from "~/modules/cases/tracking-cookie.server";

export const handle: RouteHandle = { i18n: ["common", "survey"], hydrate: false };

/** Enough for every answer and a 2,000-character comment, percent-encoded. */
const MAX_FORM_BYTES = 64 * 1024;

/**
 * Why the survey page shows a message instead of the form, each as a Problem
 * whose field says what it concerns (the ErrorBoundary words it).
 */
const REFUSALS = {
  point_not_found: () => problem("notFound", "unknown or inactive service point", { field: "servicePoint" }),
  ticket_unknown: () => problem("notFound", "unknown or expired ticket", { field: "ticket" }),
  ticket_used: () => problem("conflict", "the ticket has already been used", { field: "ticket" }),
  conflict: () => problem("conflict", "the form's id was already used for other answers", { field: "id" }),
};

function refuse(p: Problem): never {
  throw problemPage(p);
}

/** A body our form could not have sent (or one from another site): the "form not valid" page. */
function refuseForm(status: number): never {
  refuse(problem("badRequest", "the form could not be read", { status, field: "form" }));
}

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders, errorHeaders }) => {
  const merged = new Headers(loaderHeaders);
  actionHeaders.forEach((value, key) => merged.set(key, value));
  // A refusal's own headers (Retry-After on a 429) reach the browser too.
  errorHeaders?.forEach((value, key) => merged.set(key, value));
  // Not no-store: a citizen who goes back from the thank-you page must get the
  // same form (and client id) from the browser's cache, so sending it again is
  // recognised as a repeat instead of stored twice. no-cache still makes every
  // fresh visit (a QR scan, a reload) fetch a new form.
  merged.set("Cache-Control", "private, no-cache");
  return merged;
};

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: data.title }, { name: "description", content: data.title }] : [{ title: "Hài Lòng" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const code = params.code ?? "";
  const url = new URL(request.url);
  const ticketToken = url.searchParams.get("t");
  const opened = await openSurvey(context.db, code, ticketToken, new Date());
  switch (opened.kind) {
    case "point_not_found":
    case "ticket_unknown":
    case "ticket_used":
      return refuse(REFUSALS[opened.kind]());
  }

  const locale = await requestLocale(request);
  const t = await i18nServer.getFixedT(locale, "survey");
  const { survey, needsSector } = opened;
  const { point, version } = survey;

  const headers = new Headers();
  if (!(await readDeviceId(request))) {
    headers.append("Set-Cookie", await deviceCookie.serialize(newDeviceId()));
  }

  return data(
    {
      locale,
      title: t("pageTitle", { point: point.name[locale], agency: point.agency.name[locale] }),
      point: { code: point.code, name: point.name[locale], agency: point.agency.name[locale] },
      sectors: needsSector ? point.sectors.map((s) => ({ code: s.code, name: s.name[locale] })) : [],
      questions: version.questions.map((q): SurveyFormQuestion => toFormQuestion(q, locale)),
      version: version.version,
      clientId: crypto.randomUUID(),
      started: signFormStart(new Date()),
      ticket: ticketToken,
      contactRetentionDays: env().contactRetentionDays,
      languageSwitch: otherLanguageHref(url, locale),
    },
    { headers },
  );
}

function toFormQuestion(q: StoredQuestion, locale: Locale): SurveyFormQuestion {
  const base = { key: q.key, text: q.text[locale], required: q.required };
  switch (q.type) {
    case "scale":
      return { ...base, type: "scale", allowNA: q.allowNA };
    case "choice":
      return { ...base, type: "choice", options: q.options.map((o) => ({ value: o.value, text: o.text[locale] })) };
    case "number":
      return { ...base, type: "number", min: q.min, max: q.max };
    case "text":
      return { ...base, type: "text", maxLength: q.maxLength };
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  // Another site's page posting a citizen's answers: refused before anything is read, stored or counted.
  if (comesFromAnotherSite(request)) refuseForm(403);
  const code = params.code ?? "";
  let body: string;
  let pairs: Array<[string, string]>;
  try {
    body = await readTextBody(request, { maxBytes: MAX_FORM_BYTES, contentType: "application/x-www-form-urlencoded" });
    pairs = decodeFormBody(body);
  } catch (error) {
    if (error instanceof BodyError) refuseForm(error.status);
    if (error instanceof MalformedFormError) refuseForm(400);
    throw error;
  }
  const form = parseSurveyForm(pairs);
  const locale: Locale = isLocale(form.locale) ? form.locale : "vi";
  // Our form sends every field once. A repeated answer or sector is shown beside
  // that field; any other repeated field (the id, the ticket…) means the body
  // was not made by our form, and guessing which copy counts could store a lie.
  if (form.repeated.some((name) => questionKeyOfField(name) === null && name !== FORM_FIELDS.sector)) {
    refuseForm(400);
  }
  const repeatedKeys = form.repeated.map((name) => questionKeyOfField(name) ?? "sector");

  const outcome = await submitResponse(context.db, {
    clientId: form.clientId,
    servicePointCode: code,
    ticketToken: form.ticket,
    sectorCode: form.sector,
    locale,
    answeredAt: null,
    rawAnswers: form.answers,
    repeatedKeys,
    channel: "qr",
    honeypotFilled: form.honeypot.trim() !== "",
    contact: form.contact.phone || form.contact.email || form.contact.consent ? form.contact : null,
    formStarted: form.started,
    versionShown: form.version,
    ip: context.clientIp ?? "unknown",
    deviceId: await readDeviceId(request),
    submitter: submitterOf(await callerOf({ request, context })),
  });

  switch (outcome.kind) {
    case "created":
    case "repeat": {
      // The thank-you page shows the case's code from this browser's cookie, never from its address.
      const cookie = await trackingCodeCookie(request, outcome.caseCode);
      const thanks = localizedHref(`/s/${encodeURIComponent(code)}/thanks`, locale);
      return redirect(thanks, { status: 303, headers: cookie ? { "Set-Cookie": cookie } : {} });
    }
    case "invalid":
      return data(
        {
          // Contact errors are named as the JSON API names them; the form shows each beside its own field.
          // (hasOwn: a question key may be `__proto__` or `constructor`, which a plain lookup would find on Object.)
          errors: Object.fromEntries(Object.entries(outcome.errors).map(([key, error]) => [Object.hasOwn(CONTACT_ERROR_FIELDS, key) ? CONTACT_ERROR_FIELDS[key]! : key, error])),
          values: { ...form.answers, ...(form.sector ? { sector: form.sector } : {}) },
          contact: form.contact,
          clientId: form.clientId,
          started: form.started,
        },
        { status: 400 },
      );
    case "point_not_found":
    case "ticket_unknown":
    case "ticket_used":
    case "conflict":
      return refuse(REFUSALS[outcome.kind]());
    case "rate_limited":
      return refuse(problem("rateLimited", "too many answers from this phone", { retryAfterSeconds: outcome.retryAfterSeconds }));
  }
}

export default function SurveyPage() {
  const survey = useLoaderData<typeof loader>();
  const submitted = useActionData<typeof action>();
  const { t } = useTranslation("survey");
  return (
    <PageShell languageSwitch={survey.languageSwitch}>
      <p className="eyebrow">{t("youRate")}</p>
      <h1 className="point-name">
        <span className="agency-name">{survey.point.agency}</span>
        {survey.point.name}
      </h1>
      <p className="lead">{t("intro")}</p>
      <SurveyForm
        action={localizedHref(`/s/${encodeURIComponent(survey.point.code)}`, survey.locale, { t: survey.ticket })}
        locale={survey.locale}
        questions={survey.questions}
        version={survey.version}
        sectors={survey.sectors}
        ticket={survey.ticket}
        clientId={submitted?.clientId ?? survey.clientId}
        started={submitted?.started ?? survey.started}
        errors={submitted?.errors ?? {}}
        values={submitted?.values ?? {}}
        contact={{ ...(submitted?.contact ?? { phone: null, email: null, consent: false }), retentionDays: survey.contactRetentionDays }}
      />
      <script src="/survey.js" defer />
    </PageShell>
  );
}

type RefusalView = "point_not_found" | "ticket_unknown" | "ticket_used" | "conflict" | "rate_limited" | "bad_form";

function viewOf({ kind, field }: PageProblem): RefusalView {
  if (kind === "notFound") return field === "ticket" ? "ticket_unknown" : "point_not_found";
  if (kind === "conflict") return field === "ticket" ? "ticket_used" : "conflict";
  if (kind === "rateLimited") return "rate_limited";
  return "bad_form";
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { code = "" } = useParams();
  const { t } = useTranslation("survey");
  const refusal = isRouteErrorResponse(error) ? (error.data as PageProblem | null) : null;
  const kind = refusal?.kind ? viewOf(refusal) : null;
  if (!kind) console.error(error);
  const surveyHref = `/s/${encodeURIComponent(code)}`;
  return (
    <PageShell>
      {kind === "point_not_found" ? (
        <>
          <h1>{t("notFound.title")}</h1>
          <p>{t("notFound.body", { code })}</p>
          <p><a className="button" href="/s">{t("notFound.toList")}</a></p>
        </>
      ) : kind === "ticket_unknown" ? (
        <>
          <h1>{t("ticketUnknown.title")}</h1>
          <p>{t("ticketUnknown.body")}</p>
          <p><a className="button" href={surveyHref}>{t("ticketUnknown.withoutTicket")}</a></p>
        </>
      ) : kind === "ticket_used" ? (
        <>
          <h1>{t("ticketUsed.title")}</h1>
          <p>{t("ticketUsed.body")}</p>
        </>
      ) : kind === "conflict" ? (
        <>
          <h1>{t("conflict.title")}</h1>
          <p>{t("conflict.body")}</p>
          <p><a className="button" href={surveyHref}>{t("conflict.newForm")}</a></p>
        </>
      ) : kind === "rate_limited" ? (
        <>
          <h1>{t("rateLimited.title")}</h1>
          <p>{t("rateLimited.body")}</p>
        </>
      ) : kind === "bad_form" ? (
        <>
          <h1>{t("common:error.title")}</h1>
          <p>{t("errors.form")}</p>
          <p><a className="button" href={surveyHref}>{t("conflict.newForm")}</a></p>
        </>
      ) : (
        <>
          <h1>{t("common:error.title")}</h1>
          <p>{t("common:error.body")}</p>
        </>
      )}
    </PageShell>
  );
}
