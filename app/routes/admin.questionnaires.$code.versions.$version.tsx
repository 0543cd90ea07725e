import { type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminErrorPage } from "~/components/admin/error-page";
import { SurveyPreview } from "~/components/admin/survey-preview";
import { findQuestionnaire, findVersionWithQuestions } from "~/modules/questionnaires/questionnaires.service.server";
import { foundOr404 } from "~/http/forms.server";
import { requestLocale } from "~/i18n/request-locale.server";
import type { RouteHandle } from "~/http/route-handle";
import styles from "~/styles/admin-questionnaires.css?url";
import { requirePermission } from "~/http/permissions.server";

export const handle: RouteHandle = { i18n: ["admin", "admin-questionnaires", "survey"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** A published version, read-only: its questions and what citizens saw. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const db = context.db;
  const questionnaire = foundOr404(await findQuestionnaire(db, params.code));
  const number = /^\d{1,6}$/.test(params.version ?? "") ? Number(params.version) : null;
  const found = number === null ? null : await findVersionWithQuestions(db, questionnaire.id, number);
  // The draft is edited on its own page; only published versions are shown here.
  const { version, questions } = foundOr404(found?.version.status === "published" ? found : null, "no published version has that number");
  const locale = await requestLocale(request);
  const previewLang = new URL(request.url).searchParams.get("preview") === "en" ? "en" : "vi";
  return {
    code: questionnaire.code,
    name: questionnaire.name[locale],
    version: version.version,
    publishedAt: version.publishedAt?.slice(0, 10) ?? "—",
    questions: questions.map((q) => ({ key: q.key, type: q.type, text: locale === "en" ? q.textEn : q.textVi })),
    previewLang: previewLang as "vi" | "en",
  };
}

export default function PublishedVersionPage() {
  const { code, name, version, publishedAt, questions, previewLang } = useLoaderData<typeof loader>();
  const { t } = useTranslation("admin-questionnaires");
  return (
    <div className="questionnaires">
      <p>
        <Link to={`/admin/questionnaires/${code}`}>{t("preview.backVersion")}</Link>
      </p>
      <h1>{t("view.title", { name, version })}</h1>
      <p className="lead">{t("view.readOnly", { date: publishedAt })}</p>
      <ol className="q-list">
        {questions.map((q) => (
          <li key={q.key} className="q-item" data-key={q.key}>
            <p className="q-meta">
              <code>{q.key}</code> · {t(`types.${q.type}`)}
            </p>
            <p className="q-text">{q.text}</p>
          </li>
        ))}
      </ol>
      <h2>{t("view.previewTitle")}</h2>
      <SurveyPreview code={code} version={version} lang={previewLang} switchHref={(l) => `?preview=${l}`} />
    </div>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
