import { redirect, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminErrorPage } from "~/components/admin/error-page";
import { SurveyPreview } from "~/components/admin/survey-preview";
import { findDraft, findQuestionnaire } from "~/modules/questionnaires/questionnaires.service.server";
import { foundOr404 } from "~/http/forms.server";
import { requestLocale } from "~/i18n/request-locale.server";
import type { RouteHandle } from "~/http/route-handle";
import styles from "~/styles/admin-questionnaires.css?url";
import { requirePermission } from "~/http/permissions.server";

export const handle: RouteHandle = { i18n: ["admin", "admin-questionnaires", "survey"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const questionnaire = foundOr404(await findQuestionnaire(context.db, params.code));
  const draft = await findDraft(context.db, questionnaire.id);
  if (!draft) throw redirect(`/admin/questionnaires/${questionnaire.code}/draft`, 303);
  const locale = await requestLocale(request);
  const previewLang = new URL(request.url).searchParams.get("preview") === "en" ? "en" : "vi";
  return { code: questionnaire.code, name: questionnaire.name[locale], version: draft.version, previewLang: previewLang as "vi" | "en" };
}

export default function DraftPreviewPage() {
  const { code, name, version, previewLang } = useLoaderData<typeof loader>();
  const { t } = useTranslation("admin-questionnaires");
  return (
    <div className="questionnaires">
      <p>
        <Link to={`/admin/questionnaires/${code}/draft`}>{t("preview.back")}</Link>
      </p>
      <h1>{t("preview.title", { name, version })}</h1>
      <p className="lead">{t("preview.lead")}</p>
      <SurveyPreview code={code} version="draft" lang={previewLang} switchHref={(l) => `?preview=${l}`} />
    </div>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
