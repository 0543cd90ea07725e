import { currentPasswordLimits } from "~/http/rate-limits.server";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextField } from "~/components/admin/form";
import { PageShell } from "~/components/page-shell";
import { PASSWORD_CHANGE_PATH, PASSWORD_MAX, PASSWORD_MIN, passwordChangeSchema } from "~/domain/staff-accounts";
import { formObject, parseForm, readForm, refusedForm } from "~/http/forms.server";
import { csrfTokenFor, sessionTokenHash } from "~/modules/accounts/sessions.service.server";
import { safeRedirectPath } from "~/http/redirects";
import { requestLocale } from "~/i18n/request-locale.server";
import { otherLanguageHref } from "~/i18n/locale-url";
import { resources } from "~/i18n/i18n";
import type { RouteHandle } from "~/http/route-handle";
import { changePassword, findStaffAccount } from "~/modules/accounts/staff-accounts.service.server";
import adminStyles from "~/styles/admin.css?url";
import usersStyles from "~/styles/admin-users.css?url";
import { requireSignedInStaff } from "~/http/permissions.server";

/*
 * Any signed-in staff member's own password. After a temporary password every
 * staff page sends them here first (requireStaff); then on to where they were
 * going. Outside /admin, so it supplies its own anti-forgery token.
 */

export const handle: RouteHandle = { i18n: ["common", "staff", "admin", "admin-users"] };
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: adminStyles },
  { rel: "stylesheet", href: usersStyles },
];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: resources[data?.locale ?? "vi"]["admin-users"].password.documentTitle }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireSignedInStaff({ request, context });
  const url = new URL(request.url);
  const locale = await requestLocale(request);
  const account = await findStaffAccount(context.db, principal.id);
  return {
    user: { name: principal.name, email: account?.email ?? "" },
    mustChange: principal.mustChangePassword,
    redirectTo: safeRedirectPath(url.searchParams.get("redirectTo")),
    saved: url.searchParams.get("saved") === "1",
    csrf: (await csrfTokenFor(request)) ?? "",
    languageSwitch: otherLanguageHref(url, locale),
    locale,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requireSignedInStaff({ request, context });
  const input = formObject(await readForm(request));
  const redirectTo = safeRedirectPath(typeof input.redirectTo === "string" ? input.redirectTo.slice(0, 2000) : null);
  const parsed = parseForm(passwordChangeSchema({ askCurrent: !principal.mustChangePassword }), input);
  // Passwords are never sent back to the page.
  if (!parsed.ok) return refusedForm(parsed.problem, {});
  const outcome = await changePassword(context.db, principal, {
    currentPassword: parsed.value.currentPassword,
    newPassword: parsed.value.newPassword,
    keepSessionHash: await sessionTokenHash(request),
    beginGuess: () => currentPasswordLimits.begin(context.db, principal.id),
  });
  if (!outcome.ok) return refusedForm(outcome.problem, {});
  if (principal.mustChangePassword) return redirect(redirectTo, 303);
  return redirect(`${PASSWORD_CHANGE_PATH}?saved=1&redirectTo=${encodeURIComponent(redirectTo)}`, 303);
}

export default function PasswordPage() {
  const { user, mustChange, redirectTo, saved, csrf, languageSwitch } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation(["admin-users", "admin", "staff"]);
  const errors = result?.errors ?? {};
  const labels = { currentPassword: t("password.current"), newPassword: t("password.new"), confirmPassword: t("password.confirm") };
  return (
    <PageShell languageSwitch={languageSwitch}>
      <div className="password-page">
        <h1>{t("password.title")}</h1>
        <p className="muted">{t("password.signedInAs", { name: user.name, email: user.email })}</p>
        {saved ? (
          <p className="flash" role="status">
            {t("password.saved")} <Link to={redirectTo}>{t("password.continue")}</Link>
          </p>
        ) : null}
        <p className="lead">{mustChange ? t("password.mustIntro") : t("password.intro", { email: user.email })}</p>
        <ErrorSummary errors={errors} labels={labels} />
        <Form method="post" className="admin-form" noValidate>
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          {/* Lets a password manager file the new password under the right account. */}
          <input type="text" name="username" value={user.email} autoComplete="username" readOnly hidden />
          {mustChange ? null : (
            <TextField name="currentPassword" type="password" label={labels.currentPassword} error={errors.currentPassword} autoComplete="current-password" maxLength={1000} required />
          )}
          <TextField
            name="newPassword"
            type="password"
            label={labels.newPassword}
            hint={t("password.newHint", { min: PASSWORD_MIN, max: PASSWORD_MAX })}
            error={errors.newPassword}
            autoComplete="new-password"
            minLength={PASSWORD_MIN}
            maxLength={PASSWORD_MAX}
            required
          />
          <TextField name="confirmPassword" type="password" label={labels.confirmPassword} error={errors.confirmPassword} autoComplete="new-password" maxLength={PASSWORD_MAX} required />
          <div className="form-actions">
            <button type="submit" className="button" disabled={navigation.state === "submitting"}>
              {t("password.submit")}
            </button>
          </div>
        </Form>
        <form method="post" action="/logout" className="page-actions">
          <button type="submit" className="button-secondary">
            {t("staff:logout")}
          </button>
        </form>
      </div>
    </PageShell>
  );
}

export function ErrorBoundary() {
  return (
    <PageShell>
      <ErrorText />
    </PageShell>
  );
}

/** A forged or expired form (403), a malformed one (400/413/415): said in words, with a way back. */
function ErrorText() {
  const error = useRouteError();
  const { t } = useTranslation(["admin-users", "admin"]);
  if (!isRouteErrorResponse(error)) console.error(error);
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const which = status === 403 ? "csrf" : status === 400 || status === 413 || status === 415 ? "badRequest" : "failed";
  return (
    <>
      <h1>{t(`admin:errorPage.${which}.title`)}</h1>
      <p>{t(`admin:errorPage.${which}.body`)}</p>
      <p>
        <a href={PASSWORD_CHANGE_PATH}>{t("password.back")}</a>
      </p>
    </>
  );
}
