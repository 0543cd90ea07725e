import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "~/components/admin/form";
import { AdminErrorPage } from "~/components/admin/error-page";
import { discardDraft, findQuestionnaire, listVersions, startDraft } from "~/modules/questionnaires/questionnaires.service.server";
import { formProblem } from "~/domain/form-errors";
import { actorOf, answerBuilderForm, foundOr404, intentOf, readForm, refusedBuilderForm } from "~/http/forms.server";
import { requestLocale } from "~/i18n/request-locale.server";
import type { RouteHandle } from "~/http/route-handle";
import styles from "~/styles/admin-questionnaires.css?url";
import { requirePermission } from "~/http/permissions.server";

export const handle: RouteHandle = { i18n: ["admin", "admin-questionnaires"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const questionnaire = foundOr404(await findQuestionnaire(context.db, params.code));
  const locale = await requestLocale(request);
  const versions = await listVersions(context.db, questionnaire.id);
  const current = versions.find((v) => v.status === "published");
  return {
    code: questionnaire.code,
    name: questionnaire.name[locale],
    versions: versions.map((v) => ({
      version: v.version,
      status: v.status,
      current: v === current,
      publishedAt: v.publishedAt?.slice(0, 10) ?? null,
      questionCount: v.questionCount,
    })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requirePermission({ request, context }, "admin:manage");
  const form = await readForm(request);
  const questionnaire = foundOr404(await findQuestionnaire(context.db, params.code));
  const intent = intentOf(form);
  const here = `/admin/questionnaires/${questionnaire.code}`;
  if (intent === "start_draft") {
    const outcome = await startDraft(context.db, actorOf(principal), questionnaire);
    return answerBuilderForm(outcome, `${here}/draft?saved=draft`, {}, intent);
  }
  if (intent === "discard_draft") {
    const outcome = await discardDraft(context.db, actorOf(principal), questionnaire);
    return answerBuilderForm(outcome, `${here}?saved=discarded`, {}, intent);
  }
  return refusedBuilderForm(formProblem("badRequest", "unknownIntent"), {}, intent);
}

export default function QuestionnaireVersionsPage() {
  const { code, name, versions } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t } = useTranslation("admin-questionnaires");
  const draft = versions.find((v) => v.status === "draft");
  const saved = search.get("saved");
  return (
    <div className="questionnaires">
      <p>
        <Link to="/admin/questionnaires">{t("versions.back")}</Link>
      </p>
      <h1>
        {name} <code className="q-code">{code}</code>
      </h1>
      {saved ? (
        <p className="flash" role="status">
          {saved === "discarded"
            ? t("versions.draftDiscarded")
            : saved === "published"
              ? t("builder.published", { version: versions.find((v) => v.current)?.version ?? "" })
              : t("admin:form.saved")}
        </p>
      ) : null}
      {failed?.notice ? (
        <p className="error-summary" role="alert">
          {t(`notices.${failed.notice}`)}
        </p>
      ) : null}
      <h2>{t("versions.title")}</h2>
      {versions.length === 0 ? (
        <p className="empty">{t("versions.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table q-versions">
            <caption className="visually-hidden">{t("versions.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("versions.version")}</th>
                <th scope="col">{t("versions.status")}</th>
                <th scope="col">{t("versions.publishedAt")}</th>
                <th scope="col" className="num">
                  {t("versions.questions")}
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.version} data-version={v.version} data-status={v.status}>
                  <th scope="row">
                    {v.status === "draft" ? (
                      <Link to={`/admin/questionnaires/${code}/draft`}>{t("versions.editDraft")} (v{v.version})</Link>
                    ) : (
                      <Link to={`/admin/questionnaires/${code}/versions/${v.version}`}>{t("versions.view", { version: v.version })}</Link>
                    )}
                  </th>
                  <td>{v.status === "draft" ? t("versions.draft") : v.current ? t("versions.current") : t("versions.published")}</td>
                  <td>{v.publishedAt ?? "—"}</td>
                  <td className="num">{v.questionCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="q-actions">
        {draft ? (
          <>
            <Link className="button" to={`/admin/questionnaires/${code}/draft`}>
              {t("versions.editDraft")}
            </Link>
            <ActionButton intent="discard_draft" label={t("versions.discardDraft")} className="button-danger" confirm={t("versions.discardConfirm")} />
          </>
        ) : (
          <>
            <ActionButton intent="start_draft" label={t("versions.startDraft")} className="button" />
            <p className="muted">{t("versions.startDraftHint")}</p>
          </>
        )}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
