import { redirect, type ActionFunctionArgs, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageShell } from "~/components/page-shell";
import { SurveyForm, type SurveyFormQuestion } from "~/components/survey-form";
import type { Locale } from "~/domain/questionnaire";
import { findQuestionnaire, findVersionWithQuestions } from "~/modules/questionnaires/questionnaires.service.server";
import type { BuilderQuestion } from "~/modules/questionnaires/types";
import { foundOr404 } from "~/http/forms.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { resources } from "~/i18n/i18n";
import { otherLanguageHref } from "~/i18n/locale-url";
import type { RouteHandle } from "~/http/route-handle";
import styles from "~/styles/admin-questionnaires.css?url";
import { requirePermission } from "~/http/permissions.server";

/**
 * A questionnaire version rendered exactly as the citizen's survey page (the
 * same component and stylesheet, no framework JavaScript), shown inside the
 * admin pages in a 390 px frame. Outside the admin layout on purpose: the
 * citizen's page has no admin navigation. Nothing can be sent from it.
 */
export const handle: RouteHandle = { i18n: ["common", "survey", "admin-questionnaires"], hydrate: false };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: resources[data?.locale ?? "vi"]["admin-questionnaires"].preview.documentTitle }, { name: "robots", content: "noindex" }];
export const headers: HeadersFunction = () => ({ "X-Frame-Options": "SAMEORIGIN", "Cache-Control": "private, no-store" });

function toFormQuestion(q: BuilderQuestion, locale: Locale): SurveyFormQuestion {
  const base = { key: q.key, text: locale === "en" ? q.textEn : q.textVi, required: q.required };
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

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const db = context.db;
  const questionnaire = foundOr404(await findQuestionnaire(db, params.code));
  const which = params.version ?? "";
  const { version, questions } = foundOr404(
    which === "draft" ? await findVersionWithQuestions(db, questionnaire.id, "draft") : /^\d{1,6}$/.test(which) ? await findVersionWithQuestions(db, questionnaire.id, Number(which)) : null,
    "no version has that number",
  );
  const locale = await requestLocale(request);
  return {
    locale,
    name: questionnaire.name[locale],
    version: version.version,
    questions: questions.map((q) => toFormQuestion(q, locale)),
    languageSwitch: otherLanguageHref(new URL(request.url), locale),
  };
}

/** Pressing Enter in the preview sends the form nowhere: straight back, nothing stored. */
export async function action({ request, context }: ActionFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const url = new URL(request.url);
  return redirect(`${url.pathname}${url.search}`, 303);
}

export default function SurveyPreviewFrame() {
  const survey = useLoaderData<typeof loader>();
  const { t } = useTranslation("survey");
  const { t: tq } = useTranslation("admin-questionnaires");
  return (
    <PageShell languageSwitch={survey.languageSwitch}>
      <p className="preview-banner" role="note">
        {tq("preview.banner")}
      </p>
      <p className="eyebrow">{t("youRate")}</p>
      <h1 className="point-name">{survey.name}</h1>
      <p className="lead">{t("intro")}</p>
      <SurveyForm action="" locale={survey.locale} questions={survey.questions} sectors={[]} ticket={null} clientId={null} started={null} errors={{}} values={{}} preview />
    </PageShell>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("admin");
  return (
    <PageShell>
      <h1>{t("errorPage.notFound.title")}</h1>
      <p>{t("errorPage.notFound.body")}</p>
    </PageShell>
  );
}
