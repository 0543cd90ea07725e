import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminErrorPage } from "~/components/admin/error-page";
import { AdminForm, ErrorSummary } from "~/components/admin/form";
import { ServicePointFields, servicePointLabels } from "~/components/admin/organisation";
import { ServicePointCreateForm } from "~/domain/admin-organisation";
import { createServicePoint, servicePointChoices } from "~/modules/organisation/service-points.service.server";
import { actorOf, answerForm, formObject, parseForm, readForm, refusedForm } from "~/http/forms.server";
import type { RouteHandle } from "~/http/route-handle";
import orgStyles from "~/styles/admin-org.css?url";
import { requirePermission } from "~/http/permissions.server";

export const handle: RouteHandle = { i18n: ["admin", "admin-org"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  return { choices: await servicePointChoices(context.db) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requirePermission({ request, context }, "admin:manage");
  const values = formObject(await readForm(request), ["sectors"]);
  const parsed = parseForm(ServicePointCreateForm, values);
  if (!parsed.ok) return refusedForm(parsed.problem, values);
  return answerForm(await createServicePoint(context.db, actorOf(principal), parsed.value), values, (code) => `/admin/service-points/${code}?saved=1`);
}

export default function NewServicePointPage() {
  const { choices } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation("admin-org");
  const typed = (failed?.values ?? {}) as Record<string, string | string[] | undefined>;
  const text = (name: string) => (typeof typed[name] === "string" ? (typed[name] as string) : undefined);
  // `?agency=CODE` (from an agency's page) preselects it.
  const agencyFromUrl = choices.agencies.find((a) => a.code === params.get("agency"))?.id;
  return (
    <>
      <p>
        <Link to="/admin/service-points">{t("servicePoints.back")}</Link>
      </p>
      <h1>{t("servicePoints.newTitle")}</h1>
      <ErrorSummary errors={failed?.errors} labels={servicePointLabels(t)} />
      <AdminForm className="admin-form">
        <ServicePointFields
          codeEditable
          choices={choices}
          errors={failed?.errors}
          values={{
            code: text("code"),
            nameVi: text("nameVi"),
            nameEn: text("nameEn"),
            agencyId: text("agencyId") ?? agencyFromUrl,
            sectors: Array.isArray(typed.sectors) ? typed.sectors : [],
            questionnaireId: text("questionnaireId"),
          }}
        />
        <div className="form-actions">
          <button type="submit" className="button">
            {t("servicePoints.create")}
          </button>
          <Link to="/admin/service-points">{t("admin:form.cancel")}</Link>
        </div>
      </AdminForm>
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
