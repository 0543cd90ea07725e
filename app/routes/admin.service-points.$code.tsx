import { requirePermission } from "~/http/permissions.server";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminErrorPage } from "~/components/admin/error-page";
import { AdminForm, ErrorSummary } from "~/components/admin/form";
import { ActiveBadge, SavedFlash, ServicePointFields, StatusSection, servicePointLabels, useNamed } from "~/components/admin/organisation";
import { ServicePointUpdateForm } from "~/domain/admin-organisation";
import { getAdminServicePoint, servicePointChoices, setServicePointActive, updateServicePoint } from "~/modules/organisation/service-points.service.server";
import { actorOf, answerForm, formObject, foundOr404, intentOf, parseForm, readForm, refusedForm } from "~/http/forms.server";
import type { RouteHandle } from "~/http/route-handle";
import orgStyles from "~/styles/admin-org.css?url";

export const handle: RouteHandle = { i18n: ["admin", "admin-org"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const db = context.db;
  const point = foundOr404(await getAdminServicePoint(db, params.code ?? ""));
  return { point, choices: await servicePointChoices(db) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requirePermission({ request, context }, "admin:manage");
  const form = await readForm(request);
  const values = formObject(form, ["sectors"]);
  const intent = intentOf(form);
  const code = params.code ?? "";
  const page = (c: string) => `/admin/service-points/${c}?saved=1`;
  if (intent === "deactivate" || intent === "reactivate") {
    return answerForm(await setServicePointActive(context.db, actorOf(principal), code, intent === "reactivate"), values, page);
  }
  const parsed = parseForm(ServicePointUpdateForm, values);
  if (!parsed.ok) return refusedForm(parsed.problem, values);
  return answerForm(await updateServicePoint(context.db, actorOf(principal), code, parsed.value), values, page);
}

export default function ServicePointPage() {
  const { point, choices } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation("admin-org");
  const named = useNamed();
  const typed = (failed?.values ?? null) as Record<string, string | string[] | undefined> | null;
  const text = (name: string, fallback: string | number | null) => (typed && typeof typed[name] === "string" ? (typed[name] as string) : fallback);
  return (
    <>
      <p>
        <Link to="/admin/service-points">{t("servicePoints.back")}</Link>
      </p>
      <h1>
        <code>{point.code}</code> {named(point.name)} <ActiveBadge active={point.active} />
      </h1>
      <SavedFlash />
      {!point.active ? <p className="org-note">{t("servicePoints.inactiveNote")}</p> : null}
      <ul className="org-links">
        <li>
          <Link className="button" to={`/admin/posters/${point.code}`}>
            {t("servicePoints.poster")}
          </Link>
        </li>
        {point.active ? (
          <li>
            <a className="button secondary" href={`/s/${point.code}`}>
              {t("servicePoints.survey")}
            </a>
          </li>
        ) : null}
      </ul>
      <section aria-labelledby="point-details" className="org-section">
        <h2 id="point-details">{t("servicePoints.details")}</h2>
        <ErrorSummary errors={failed?.errors} labels={servicePointLabels(t)} />
        <AdminForm className="admin-form" aria-labelledby="point-details">
          <ServicePointFields
            codeEditable={false}
            choices={choices}
            errors={failed?.errors}
            values={{
              code: point.code,
              nameVi: String(text("nameVi", point.name.vi)),
              nameEn: String(text("nameEn", point.name.en)),
              agencyId: text("agencyId", point.agency.id) ?? undefined,
              sectors: typed ? (Array.isArray(typed.sectors) ? typed.sectors : []) : point.sectors.map((s) => String(s.id)),
              questionnaireId: text("questionnaireId", point.questionnaire?.id ?? null),
            }}
          />
          <div className="form-actions">
            <button type="submit" name="intent" value="update" className="button">
              {t("saveChanges")}
            </button>
          </div>
        </AdminForm>
      </section>
      <StatusSection kind="servicePoints" active={point.active} />
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
