import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminErrorPage } from "~/components/admin/error-page";
import { AdminForm, ErrorSummary, TextField } from "~/components/admin/form";
import { RoleAndSectorFields } from "~/components/admin-users/account-fields";
import { OneTimeSecret } from "~/components/admin-users/handover";
import { NewStaffAccount, typedAccountFields } from "~/domain/staff-accounts";
import { STAFF_ROLES } from "~/domain/enums";
import { actorOf, formObject, parseForm, readForm, refusedForm } from "~/http/forms.server";
import { requestLocale } from "~/i18n/request-locale.server";
import type { RouteHandle } from "~/http/route-handle";
import { listSectorChoices, openStaffAccount } from "~/modules/accounts/staff-accounts.service.server";
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

const typedValues = (input: Record<string, string | string[]>) => typedAccountFields(input, ["email", "name", "role"] as const);

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requirePermission({ request, context }, "admin:manage");
  const input = formObject(await readForm(request), ["sectors"]);
  const parsed = parseForm(NewStaffAccount, input);
  if (!parsed.ok) return refusedForm(parsed.problem, typedValues(input));
  const outcome = await openStaffAccount(context.db, actorOf(principal), parsed.value);
  if (!outcome.ok) return refusedForm(outcome.problem, typedValues(input));
  // The temporary password is in this one answer only: never cached, never stored readable.
  return data(
    { ok: true as const, created: { id: outcome.value.id, email: parsed.value.email, name: parsed.value.name, temporaryPassword: outcome.value.temporaryPassword } },
    { status: 201, headers: { "Cache-Control": "no-store" } },
  );
}

export default function NewUserPage() {
  const { sectors } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation(["admin-users", "admin"]);
  if (result?.ok) {
    const { created } = result;
    return (
      <>
        <h1>{t("handover.createdTitle", { name: created.name })}</h1>
        <OneTimeSecret label={t("handover.password")} warning={t("handover.once")} secret={created.temporaryPassword}>
          <p>{t("handover.instruction")}</p>
          <p>
            {t("handover.email")}: <strong className="handover-email">{created.email}</strong>
          </p>
        </OneTimeSecret>
        <p className="page-actions">
          <Link to={`/admin/users/${created.id}`}>{t("handover.toAccount")}</Link>
          <Link to="/admin/users">{t("handover.toList")}</Link>
        </p>
      </>
    );
  }
  const errors = result?.errors ?? {};
  const values = (result?.values ?? {}) as Partial<ReturnType<typeof typedValues>>;
  const labels = { email: t("form.email"), name: t("form.name"), role: t("form.role"), sectors: t("form.sectors") };
  return (
    <>
      <p>
        <Link to="/admin/users">{t("form.back")}</Link>
      </p>
      <h1>{t("form.newTitle")}</h1>
      <ErrorSummary errors={errors} labels={labels} />
      <AdminForm className="admin-form">
        <TextField name="email" type="email" label={labels.email} hint={t("form.emailHint")} error={errors.email} defaultValue={values.email} autoComplete="off" maxLength={254} required />
        <TextField name="name" label={labels.name} error={errors.name} defaultValue={values.name} autoComplete="off" maxLength={120} required />
        <RoleAndSectorFields
          roles={STAFF_ROLES}
          sectors={sectors}
          role={values.role ?? "manager"}
          checked={values.sectors ?? []}
          errors={errors}
          sectorsHint={t("form.sectorsHint")}
        />
        <p className="field-hint">{t("form.passwordNote")}</p>
        <div className="form-actions">
          <button type="submit" className="button">
            {t("form.create")}
          </button>
          <Link to="/admin/users">{t("admin:form.cancel")}</Link>
        </div>
      </AdminForm>
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
