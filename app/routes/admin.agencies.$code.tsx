import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminErrorPage } from "~/components/admin/error-page";
import { AdminForm, ErrorSummary, SelectField, TextField } from "~/components/admin/form";
import { ActiveBadge, SavedFlash, StatusSection, useNamed } from "~/components/admin/organisation";
import { AgencyUpdateForm, agencyTreeRows, NAME_MAX } from "~/domain/admin-organisation";
import { agencySubtree } from "~/domain/agency-tree";
import { listAdminAgencies, setAgencyActive, updateAgency } from "~/modules/organisation/agencies.service.server";
import { actorOf, answerForm, formObject, foundOr404, intentOf, parseForm, readForm, refusedForm } from "~/http/forms.server";
import type { RouteHandle } from "~/http/route-handle";
import orgStyles from "~/styles/admin-org.css?url";
import { requirePermission } from "~/http/permissions.server";

export const handle: RouteHandle = { i18n: ["admin", "admin-org"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const agencies = await listAdminAgencies(context.db);
  const agency = foundOr404(agencies.find((a) => a.code === params.code));
  // It may move under any agency but itself and those under it.
  const own = new Set(agencySubtree(agencies, agency.id));
  const parents = agencyTreeRows(agencies)
    .filter(({ agency: a }) => !own.has(a.id))
    .map(({ agency: a, depth }) => ({ id: a.id, name: a.name, depth }));
  return { agency, parents };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requirePermission({ request, context }, "admin:manage");
  const form = await readForm(request);
  const values = formObject(form);
  const intent = intentOf(form);
  const code = params.code ?? "";
  const page = (c: string) => `/admin/agencies/${c}?saved=1`;
  if (intent === "deactivate" || intent === "reactivate") {
    return answerForm(await setAgencyActive(context.db, actorOf(principal), code, intent === "reactivate"), values, page);
  }
  const parsed = parseForm(AgencyUpdateForm, values);
  if (!parsed.ok) return refusedForm(parsed.problem, values);
  return answerForm(await updateAgency(context.db, actorOf(principal), code, parsed.value), values, page);
}

export default function AgencyPage() {
  const { agency, parents } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation("admin-org");
  const named = useNamed();
  const errors = failed?.errors;
  const values = (failed?.values ?? {}) as Record<string, string | undefined>;
  const labels = { nameVi: t("agencies.nameVi"), nameEn: t("agencies.nameEn"), parentId: t("agencies.parent") };
  return (
    <>
      <p>
        <Link to="/admin/agencies">{t("agencies.back")}</Link>
      </p>
      <h1>
        {named(agency.name)} <code>{agency.code}</code> <ActiveBadge active={agency.active} />
      </h1>
      <SavedFlash />
      {!agency.active ? <p className="org-note">{t("agencies.inactiveNote")}</p> : null}
      <p>
        <Link to={`/admin/service-points?agency=${agency.code}`}>
          {t("agencies.viewPoints")} ({t("agencies.points", { count: agency.servicePoints })})
        </Link>
      </p>
      <section aria-labelledby="agency-details" className="org-section">
        <h2 id="agency-details">{t("agencies.details")}</h2>
        <ErrorSummary errors={errors} labels={labels} />
        <AdminForm className="admin-form" aria-labelledby="agency-details">
          <p className="org-fixed">
            {t("codeFixed")}: <code>{agency.code}</code>
          </p>
          <TextField name="nameVi" label={labels.nameVi} error={errors?.nameVi} defaultValue={values.nameVi ?? agency.name.vi} maxLength={NAME_MAX} required />
          <TextField name="nameEn" label={labels.nameEn} hint={t("nameEnHint")} error={errors?.nameEn} defaultValue={values.nameEn ?? agency.name.en} maxLength={NAME_MAX} lang="en" />
          <SelectField
            name="parentId"
            label={labels.parentId}
            hint={t("agencies.parentHint")}
            error={errors?.parentId}
            defaultValue={values.parentId ?? agency.parentId}
            placeholder={t("agencies.parentNone")}
            options={parents.map((a) => ({ value: a.id, label: `${"— ".repeat(a.depth)}${named(a.name)}` }))}
          />
          <div className="form-actions">
            <button type="submit" name="intent" value="update" className="button">
              {t("saveChanges")}
            </button>
          </div>
        </AdminForm>
      </section>
      <StatusSection kind="agencies" active={agency.active} />
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
