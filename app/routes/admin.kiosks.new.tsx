import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminErrorPage } from "~/components/admin/error-page";
import { AdminForm, ErrorSummary, SelectField, TextField } from "~/components/admin/form";
import { PairingCode } from "~/components/admin-kiosks/pairing-code";
import { NewKioskForm, RESET_SECONDS_DEFAULT, RESET_SECONDS_MAX, RESET_SECONDS_MIN } from "~/domain/kiosks";
import { actorOf, formObject, parseForm, readForm, refusedForm } from "~/http/forms.server";
import { requirePermission } from "~/http/permissions.server";
import type { RouteHandle } from "~/http/route-handle";
import { requestLocale } from "~/i18n/request-locale.server";
import { listPointChoices, registerKiosk, shownPairingCode } from "~/modules/kiosks/kiosks.service.server";
import kiosksStyles from "~/styles/admin-kiosks.css?url";
import usersStyles from "~/styles/admin-users.css?url";

export const handle: RouteHandle = { i18n: ["admin", "admin-users", "admin-kiosks"] };
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: usersStyles },
  { rel: "stylesheet", href: kiosksStyles },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const locale = await requestLocale(request);
  const points = (await listPointChoices(context.db)).filter((p) => p.active);
  return { points: points.map((p) => ({ value: p.code, label: `${p.code} — ${locale === "en" ? p.name.en : p.name.vi}` })) };
}

const typedValues = (input: Record<string, string | string[]>) => ({
  name: String(input.name ?? ""),
  servicePoint: String(input.servicePoint ?? ""),
  resetSeconds: String(input.resetSeconds ?? ""),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requirePermission({ request, context }, "admin:manage");
  const input = formObject(await readForm(request));
  const parsed = parseForm(NewKioskForm, { resetSeconds: "", ...input });
  if (!parsed.ok) return refusedForm(parsed.problem, typedValues(input));
  const outcome = await registerKiosk(context.db, actorOf(principal), parsed.value);
  if (!outcome.ok) return refusedForm(outcome.problem, typedValues(input));
  // The code is in this one answer only: never cached, stored only as a hash.
  return data({ ok: true as const, issued: shownPairingCode(outcome.value) }, { status: 201, headers: { "Cache-Control": "no-store" } });
}

export default function NewKioskPage() {
  const { points } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation(["admin-kiosks", "admin"]);
  if (result?.ok) {
    return (
      <>
        <h1>{t("code.title", { name: result.issued.name })}</h1>
        <PairingCode issued={result.issued} />
        <p className="page-actions">
          <Link to="/admin/kiosks">{t("back")}</Link>
        </p>
      </>
    );
  }
  const errors = result?.errors ?? {};
  const values = (result?.values ?? {}) as Partial<ReturnType<typeof typedValues>>;
  const labels = { name: t("name"), servicePoint: t("servicePoint"), resetSeconds: t("resetSeconds") };
  return (
    <>
      <p>
        <Link to="/admin/kiosks">{t("back")}</Link>
      </p>
      <h1>{t("new")}</h1>
      <ErrorSummary errors={errors} labels={labels} />
      <AdminForm className="admin-form kiosk-form">
        <TextField name="name" label={labels.name} hint={t("nameHint")} error={errors.name} defaultValue={values.name} autoComplete="off" maxLength={120} required />
        <SelectField name="servicePoint" label={labels.servicePoint} error={errors.servicePoint} defaultValue={values.servicePoint} options={points} placeholder={t("admin:form.choose")} />
        <TextField
          name="resetSeconds"
          label={labels.resetSeconds}
          hint={t("resetSecondsHint")}
          error={errors.resetSeconds}
          defaultValue={values.resetSeconds ?? String(RESET_SECONDS_DEFAULT)}
          inputMode="numeric"
          min={RESET_SECONDS_MIN}
          max={RESET_SECONDS_MAX}
          type="number"
        />
        <div className="form-actions">
          <button type="submit" className="button">
            {t("register")}
          </button>
          <Link to="/admin/kiosks">{t("admin:form.cancel")}</Link>
        </div>
      </AdminForm>
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
