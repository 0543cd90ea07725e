import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminErrorPage } from "~/components/admin/error-page";
import { ActionButton, AdminForm, ErrorSummary, TextField } from "~/components/admin/form";
import { FormProblem, RoleAndSectorFields } from "~/components/admin-users/account-fields";
import { OneTimeSecret } from "~/components/admin-users/handover";
import { idFromParam, StaffAccountEdit, typedAccountFields } from "~/domain/staff-accounts";
import { STAFF_ROLES } from "~/domain/enums";
import { actorOf, answerForm, formObject, foundOr404, invalidForm, parseForm, readForm, refusedForm } from "~/http/forms.server";
import { requestLocale } from "~/i18n/request-locale.server";
import type { RouteHandle } from "~/http/route-handle";
import { findStaffAccount, listSectorChoices, resetToTemporaryPassword, setStaffAccountActive, updateStaffAccount } from "~/modules/accounts/staff-accounts.service.server";
import usersStyles from "~/styles/admin-users.css?url";
import { requirePermission } from "~/http/permissions.server";

export const handle: RouteHandle = { i18n: ["admin", "admin-users"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: usersStyles }];

const DONE = ["saved", "deactivated", "reactivated"] as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const id = idFromParam(params.id);
  const db = context.db;
  const account = foundOr404(id === null ? null : await findStaffAccount(db, id), "no account has that id");
  const locale = await requestLocale(request);
  const sectors = await listSectorChoices(db);
  const done = new URL(request.url).searchParams.get("saved");
  return {
    account,
    sectors: sectors.map((s) => ({ code: s.code, name: locale === "en" ? s.nameEn : s.nameVi })),
    done: DONE.find((d) => d === done) ?? (done === "1" ? "saved" : null),
  };
}

const typedValues = (input: Record<string, string | string[]>) => typedAccountFields(input, ["name", "role"] as const);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requirePermission({ request, context }, "admin:manage");
  const form = await readForm(request);
  const id = foundOr404(idFromParam(params.id), "no account has that id");
  const db = context.db;
  const actor = actorOf(principal);
  const intent = form.get("intent") ?? "save";
  const back = (done: (typeof DONE)[number]) => () => `/admin/users/${id}?saved=${done === "saved" ? "1" : done}`;

  if (intent === "reset") {
    const outcome = await resetToTemporaryPassword(db, actor, id);
    if (!outcome.ok) return refusedForm(outcome.problem, {});
    return data({ ok: true as const, temporaryPassword: outcome.value.temporaryPassword }, { headers: { "Cache-Control": "no-store" } });
  }
  if (intent === "deactivate" || intent === "reactivate") {
    const outcome = await setStaffAccountActive(db, actor, id, intent === "reactivate");
    return answerForm(outcome, {}, back(intent === "reactivate" ? "reactivated" : "deactivated"));
  }
  if (intent !== "save") return invalidForm({ _form: { code: "invalid" } });

  const input = formObject(form, ["sectors"]);
  delete input.intent;
  const parsed = parseForm(StaffAccountEdit, input);
  if (!parsed.ok) return refusedForm(parsed.problem, typedValues(input));
  return answerForm(await updateStaffAccount(db, actor, id, parsed.value), typedValues(input), back("saved"));
}

export default function UserPage() {
  const { account, sectors, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation(["admin-users", "admin"]);
  if (result && "temporaryPassword" in result) {
    return (
      <>
        <h1>{t("handover.resetTitle", { name: account.name })}</h1>
        <OneTimeSecret label={t("handover.password")} warning={t("handover.once")} secret={result.temporaryPassword}>
          <p>{t("handover.instruction")}</p>
          <p>
            {t("handover.email")}: <strong className="handover-email">{account.email}</strong>
          </p>
        </OneTimeSecret>
        <p className="page-actions">
          <Link to={`/admin/users/${account.id}`}>{t("handover.toAccount")}</Link>
          <Link to="/admin/users">{t("handover.toList")}</Link>
        </p>
      </>
    );
  }
  const errors = result && "errors" in result ? result.errors : {};
  const values = (result && "values" in result ? result.values : {}) as Partial<ReturnType<typeof typedValues>>;
  const labels = { name: t("form.name"), role: t("form.role"), sectors: t("form.sectors") };
  const lastAdministrator = errors.active ?? (errors.role?.code === "lastAdministrator" ? errors.role : undefined);
  const fieldErrors = Object.fromEntries(Object.entries(errors).filter(([k]) => k in labels));
  return (
    <>
      <p>
        <Link to="/admin/users">{t("form.back")}</Link>
      </p>
      <h1>{t("form.editTitle", { name: account.name })}</h1>
      <p className="muted account-email">{account.email}</p>
      {done ? (
        <p className="flash" role="status">
          {t(`form.${done}`)}
        </p>
      ) : null}
      {lastAdministrator ? (
        <FormProblem error={lastAdministrator} text={t("form.lastAdministrator")} />
      ) : (
        <ErrorSummary errors={fieldErrors} labels={labels} />
      )}
      <AdminForm className="admin-form">
        <TextField name="name" label={labels.name} error={errors.name} defaultValue={values.name ?? account.name} autoComplete="off" maxLength={120} required />
        <RoleAndSectorFields
          roles={STAFF_ROLES}
          sectors={sectors}
          role={values.role ?? account.role}
          checked={values.sectors ?? account.sectors}
          errors={errors}
          sectorsHint={t("form.sectorsHint")}
        />
        <div className="form-actions">
          <button type="submit" name="intent" value="save" className="button">
            {t("form.save")}
          </button>
        </div>
      </AdminForm>
      <section className="account-panel" aria-labelledby="account-title">
        <h2 id="account-title">{t("form.accountTitle")}</h2>
        <p>{t("form.status", { status: account.active ? t("admin:form.active") : t("admin:form.inactive") })}</p>
        {account.mustChangePassword ? <p>{t("form.mustChange")}</p> : null}
        {account.active ? (
          <>
            <ActionButton intent="deactivate" label={t("form.deactivate")} className="button-danger" confirm={t("form.deactivateConfirm")} />
            <p className="field-hint">{t("form.deactivateHint")}</p>
          </>
        ) : (
          <ActionButton intent="reactivate" label={t("form.reactivate")} />
        )}
        <ActionButton intent="reset" label={t("form.reset")} confirm={t("form.resetConfirm")} />
        <p className="field-hint">{t("form.resetHint")}</p>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
