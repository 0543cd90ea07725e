import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminErrorPage } from "~/components/admin/error-page";
import { AdminForm, ErrorSummary, TextField } from "~/components/admin/form";
import { RoleAndSectorFields } from "~/components/admin-users/account-fields";
import { OneTimeSecret } from "~/components/admin-users/handover";
import { NewApiToken, typedAccountFields } from "~/domain/staff-accounts";
import { TOKEN_ROLES } from "~/domain/enums";
import { actorOf, formObject, parseForm, readForm, refusedForm } from "~/http/forms.server";
import { requestLocale } from "~/i18n/request-locale.server";
import type { RouteHandle } from "~/http/route-handle";
import { issueApiToken, listSectorChoices } from "~/modules/accounts/staff-accounts.service.server";
import usersStyles from "~/styles/admin-users.css?url";
import { requirePermission } from "~/http/permissions.server";

export const handle: RouteHandle = { i18n: ["admin", "admin-users"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: usersStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const locale = await requestLocale(request);
  const sectors = await listSectorChoices(context.db);
  return { sectors: sectors.map((s) => ({ code: s.code, name: locale === "en" ? s.nameEn : s.nameVi })) };
}

const typedValues = (input: Record<string, string | string[]>) => typedAccountFields(input, ["name", "role"] as const);

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requirePermission({ request, context }, "admin:manage");
  const input = formObject(await readForm(request), ["sectors"]);
  const parsed = parseForm(NewApiToken, input);
  if (!parsed.ok) return refusedForm(parsed.problem, typedValues(input));
  const outcome = await issueApiToken(context.db, actorOf(principal), { ...parsed.value, createdBy: principal.id });
  if (!outcome.ok) return refusedForm(outcome.problem, typedValues(input));
  // The secret is in this one answer only: never cached, stored only as a hash.
  return data(
    { ok: true as const, created: { id: outcome.value.id, name: parsed.value.name, secret: outcome.value.secret } },
    { status: 201, headers: { "Cache-Control": "no-store" } },
  );
}

export default function NewTokenPage() {
  const { sectors } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation(["admin-users", "admin"]);
  if (result?.ok) {
    return (
      <>
        <h1>{t("tokens.createdTitle", { name: result.created.name })}</h1>
        <OneTimeSecret label={t("tokens.secret")} warning={t("tokens.lost")} secret={result.created.secret} long>
          <p>{t("tokens.secretInstruction")}</p>
        </OneTimeSecret>
        <p className="page-actions">
          <Link to="/admin/tokens">{t("tokens.back")}</Link>
        </p>
      </>
    );
  }
  const errors = result?.errors ?? {};
  const values = (result?.values ?? {}) as Partial<ReturnType<typeof typedValues>>;
  const labels = { name: t("tokens.name"), role: t("tokens.role"), sectors: t("tokens.sectors") };
  return (
    <>
      <p>
        <Link to="/admin/tokens">{t("tokens.back")}</Link>
      </p>
      <h1>{t("tokens.new")}</h1>
      <ErrorSummary errors={errors} labels={labels} />
      <AdminForm className="admin-form">
        <TextField name="name" label={labels.name} hint={t("tokens.nameHint")} error={errors.name} defaultValue={values.name} autoComplete="off" maxLength={120} required />
        <RoleAndSectorFields
          roles={TOKEN_ROLES}
          sectors={sectors}
          role={values.role ?? "integration"}
          checked={values.sectors ?? []}
          errors={errors}
          sectorsHint={t("tokens.sectorsHint")}
        />
        <div className="form-actions">
          <button type="submit" className="button">
            {t("tokens.create")}
          </button>
          <Link to="/admin/tokens">{t("admin:form.cancel")}</Link>
        </div>
      </AdminForm>
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
