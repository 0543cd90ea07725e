import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminErrorPage } from "~/components/admin/error-page";
import { AdminForm, ErrorSummary, SelectField, TextField } from "~/components/admin/form";
import { useNamed } from "~/components/admin/organisation";
import { CODE_MAX, NAME_MAX, SectorCreateForm } from "~/domain/admin-organisation";
import { createSector } from "~/modules/organisation/sectors.service.server";
import { listQuestionnaireChoices } from "~/modules/questionnaires/questionnaires.service.server";
import { actorOf, answerForm, formObject, parseForm, readForm, refusedForm } from "~/http/forms.server";
import type { RouteHandle } from "~/http/route-handle";
import orgStyles from "~/styles/admin-org.css?url";
import { requirePermission } from "~/http/permissions.server";

export const handle: RouteHandle = { i18n: ["admin", "admin-org"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  return { questionnaires: await listQuestionnaireChoices(context.db) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requirePermission({ request, context }, "admin:manage");
  const values = formObject(await readForm(request));
  const parsed = parseForm(SectorCreateForm, values);
  if (!parsed.ok) return refusedForm(parsed.problem, values);
  return answerForm(await createSector(context.db, actorOf(principal), parsed.value), values, (code) => `/admin/sectors/${code}?saved=1`);
}

export default function NewSectorPage() {
  const { questionnaires } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation("admin-org");
  const named = useNamed();
  const errors = failed?.errors;
  const values = (failed?.values ?? {}) as Record<string, string | undefined>;
  const labels = {
    code: t("sectors.code"),
    nameVi: t("sectors.nameVi"),
    nameEn: t("sectors.nameEn"),
    sortOrder: t("sectors.sortOrder"),
    questionnaireId: t("sectors.questionnaire"),
  };
  return (
    <>
      <p>
        <Link to="/admin/sectors">{t("sectors.back")}</Link>
      </p>
      <h1>{t("sectors.newTitle")}</h1>
      <ErrorSummary errors={errors} labels={labels} />
      <AdminForm className="admin-form">
        <TextField name="code" label={labels.code} hint={t("sectors.codeHint")} error={errors?.code} defaultValue={values.code} maxLength={CODE_MAX} autoCapitalize="none" spellCheck={false} required />
        <TextField name="nameVi" label={labels.nameVi} error={errors?.nameVi} defaultValue={values.nameVi} maxLength={NAME_MAX} required />
        <TextField name="nameEn" label={labels.nameEn} hint={t("nameEnHint")} error={errors?.nameEn} defaultValue={values.nameEn} maxLength={NAME_MAX} lang="en" />
        <TextField name="sortOrder" label={labels.sortOrder} hint={t("sectors.sortOrderHint")} error={errors?.sortOrder} defaultValue={values.sortOrder ?? "0"} inputMode="numeric" maxLength={4} />
        <SelectField
          name="questionnaireId"
          label={labels.questionnaireId}
          hint={t("sectors.questionnaireHint")}
          error={errors?.questionnaireId}
          defaultValue={values.questionnaireId}
          placeholder={t("sectors.noQuestionnaire")}
          options={questionnaires.map((q) => ({ value: q.id, label: named(q.name) }))}
        />
        <div className="form-actions">
          <button type="submit" className="button">
            {t("sectors.create")}
          </button>
          <Link to="/admin/sectors">{t("admin:form.cancel")}</Link>
        </div>
      </AdminForm>
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
