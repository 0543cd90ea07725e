import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminErrorPage } from "~/components/admin/error-page";
import { AdminForm, ErrorSummary, SelectField, TextField } from "~/components/admin/form";
import { ActiveBadge, SavedFlash, useNamed } from "~/components/admin/organisation";
import { AgencyCreateForm, agencyTreeRows, CODE_MAX, NAME_MAX } from "~/domain/admin-organisation";
import { createAgency, listAdminAgencies } from "~/modules/organisation/agencies.service.server";
import { actorOf, answerForm, formObject, parseForm, readForm, refusedForm } from "~/http/forms.server";
import type { RouteHandle } from "~/http/route-handle";
import orgStyles from "~/styles/admin-org.css?url";
import { requirePermission } from "~/http/permissions.server";

export const handle: RouteHandle = { i18n: ["admin", "admin-org"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const agencies = await listAdminAgencies(context.db);
  return { tree: agencyTreeRows(agencies).map(({ agency, depth }) => ({ ...agency, depth })) };
}

/** Creates an agency (the form under the tree); a new agency's page is where it is edited. */
export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requirePermission({ request, context }, "admin:manage");
  const values = formObject(await readForm(request));
  const parsed = parseForm(AgencyCreateForm, values);
  if (!parsed.ok) return refusedForm(parsed.problem, values);
  return answerForm(await createAgency(context.db, actorOf(principal), parsed.value), values, (code) => `/admin/agencies/${code}?saved=1`);
}

export default function AgenciesPage() {
  const { tree } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation("admin-org");
  const named = useNamed();
  const errors = failed?.errors;
  const values = (failed?.values ?? {}) as Record<string, string | undefined>;
  const labels = { code: t("agencies.code"), nameVi: t("agencies.nameVi"), nameEn: t("agencies.nameEn"), parentId: t("agencies.parent") };
  return (
    <>
      <h1>{t("agencies.title")}</h1>
      <p className="lead">{t("agencies.intro")}</p>
      <SavedFlash />
      <section aria-labelledby="agency-tree" className="org-section">
        <h2 id="agency-tree">{t("agencies.tree")}</h2>
        {tree.length === 0 ? (
          <p className="empty">{t("agencies.empty")}</p>
        ) : (
          <ul className="agency-tree">
            {tree.map((a) => (
              <li key={a.id} className={a.active ? "agency-row" : "agency-row org-card-inactive"} style={{ ["--depth" as string]: Math.min(a.depth, 6) }} data-code={a.code}>
                <Link to={`/admin/agencies/${a.code}`}>{named(a.name)}</Link>{" "}
                <span className="agency-meta">
                  <code>{a.code}</code> · {t("agencies.points", { count: a.servicePoints })}
                  {a.active ? null : (
                    <>
                      {" "}
                      <ActiveBadge active={false} />
                    </>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="agency-new" className="org-section">
        <h2 id="agency-new">{t("agencies.new")}</h2>
        <ErrorSummary errors={errors} labels={labels} />
        <AdminForm className="admin-form" aria-labelledby="agency-new">
          <TextField name="code" label={labels.code} hint={t("agencies.codeHint")} error={errors?.code} defaultValue={values.code} maxLength={CODE_MAX} autoCapitalize="none" spellCheck={false} required />
          <TextField name="nameVi" label={labels.nameVi} error={errors?.nameVi} defaultValue={values.nameVi} maxLength={NAME_MAX} required />
          <TextField name="nameEn" label={labels.nameEn} hint={t("nameEnHint")} error={errors?.nameEn} defaultValue={values.nameEn} maxLength={NAME_MAX} lang="en" />
          <SelectField
            name="parentId"
            label={labels.parentId}
            hint={t("agencies.parentHint")}
            error={errors?.parentId}
            defaultValue={values.parentId}
            placeholder={t("agencies.parentNone")}
            options={tree.map((a) => ({ value: a.id, label: `${"— ".repeat(a.depth)}${named(a.name)}` }))}
          />
          <div className="form-actions">
            <button type="submit" className="button">
              {t("agencies.create")}
            </button>
          </div>
        </AdminForm>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
