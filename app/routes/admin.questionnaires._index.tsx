import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminForm, ErrorSummary, TextField } from "~/components/admin/form";
import { NewQuestionnaireSchema } from "~/domain/questionnaire-draft";
import { createQuestionnaire, listQuestionnairesForAdmin } from "~/modules/questionnaires/questionnaires.service.server";
import { actorOf, answerForm, formObject, parseForm, readForm, refusedForm } from "~/http/forms.server";
import { requestLocale } from "~/i18n/request-locale.server";
import type { RouteHandle } from "~/http/route-handle";
import styles from "~/styles/admin-questionnaires.css?url";
import { requirePermission } from "~/http/permissions.server";

export const handle: RouteHandle = { i18n: ["admin", "admin-questionnaires"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const locale = await requestLocale(request);
  const questionnaires = await listQuestionnairesForAdmin(context.db);
  return {
    questionnaires: questionnaires.map((q) => ({
      code: q.code,
      name: q.name,
      latest: q.latest ? { version: q.latest.version, date: q.latest.publishedAt?.slice(0, 10) ?? null } : null,
      draft: q.draft,
      sectors: q.sectors.map((s) => s.name[locale]),
      points: q.points.map((p) => `${p.code} (${p.name[locale]})`),
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requirePermission({ request, context }, "admin:manage");
  const values = formObject(await readForm(request));
  const parsed = parseForm(NewQuestionnaireSchema, values);
  if (!parsed.ok) return refusedForm(parsed.problem, values);
  const outcome = await createQuestionnaire(context.db, actorOf(principal), parsed.value);
  return answerForm(outcome, values, ({ code }) => `/admin/questionnaires/${code}/draft?saved=created`);
}

export default function QuestionnairesPage() {
  const { questionnaires } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t, i18n } = useTranslation("admin-questionnaires");
  const locale = i18n.language === "en" ? "en" : "vi";
  const errors = failed && !failed.ok ? failed.errors : undefined;
  const values = (failed && !failed.ok ? failed.values : {}) as unknown as Record<string, string | undefined>;
  const labels = { code: t("create.code"), nameVi: t("create.nameVi"), nameEn: t("create.nameEn") };
  return (
    <div className="questionnaires">
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      {search.get("saved") ? (
        <p className="flash" role="status">
          {t("admin:form.saved")}
        </p>
      ) : null}
      {questionnaires.length === 0 ? (
        <p className="empty">{t("list.empty")}</p>
      ) : (
        <ul className="q-cards">
          {questionnaires.map((q) => (
            <li key={q.code} className="q-card" data-code={q.code}>
              <h2>
                <Link to={`/admin/questionnaires/${q.code}`}>{q.name[locale]}</Link>
              </h2>
              <dl>
                <dt>{t("list.code")}</dt>
                <dd>
                  <code>{q.code}</code>
                </dd>
                <dt>{t("list.latest")}</dt>
                <dd>{q.latest ? `v${q.latest.version}${q.latest.date ? ` · ${q.latest.date}` : ""}` : t("list.none")}</dd>
                <dt>{t("list.draft")}</dt>
                <dd>{q.draft ? <Link to={`/admin/questionnaires/${q.code}/draft`}>{t("list.hasDraft", { version: q.draft.version })}</Link> : t("list.noDraft")}</dd>
                <dt>{t("list.usedBy")}</dt>
                <dd>
                  {q.sectors.length === 0 && q.points.length === 0 ? t("list.unused") : null}
                  {q.sectors.length > 0 ? <span className="q-usage">{t("list.sectors", { list: q.sectors.join(", ") })}</span> : null}
                  {q.points.length > 0 ? <span className="q-usage">{t("list.points", { list: q.points.join(", ") })}</span> : null}
                </dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <p className="muted">{t("list.assignmentNote")}</p>

      <section aria-labelledby="create-title" className="q-panel">
        <h2 id="create-title">{t("create.title")}</h2>
        <ErrorSummary errors={errors} labels={labels} />
        <AdminForm className="admin-form">
          <TextField name="code" label={labels.code} hint={t("create.codeHint")} error={errors?.code} defaultValue={values.code} maxLength={40} autoComplete="off" />
          <TextField name="nameVi" label={labels.nameVi} error={errors?.nameVi} defaultValue={values.nameVi} maxLength={200} lang="vi" />
          <TextField name="nameEn" label={labels.nameEn} error={errors?.nameEn} defaultValue={values.nameEn} maxLength={200} lang="en" />
          <button type="submit" className="button">
            {t("create.submit")}
          </button>
        </AdminForm>
      </section>
    </div>
  );
}
