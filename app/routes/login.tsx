import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { PageShell } from "~/components/page-shell";
import { login, normaliseEmail } from "~/modules/accounts/sessions.service.server";
import { loginLimits } from "~/http/rate-limits.server";
import { PASSWORD_CHANGE_PATH } from "~/domain/staff-accounts";
import { safeRedirectPath } from "~/http/redirects";
import { i18nServer } from "~/i18n/i18n.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { otherLanguageHref } from "~/i18n/locale-url";
import { BodyError, readSmallForm } from "~/http/request-body.server";
import type { RouteHandle } from "~/http/route-handle";
import { callerOf } from "~/http/permissions.server";
import { problem, problemPage } from "~/http/problem.server";
import { comesFromAnotherSite } from "~/http/same-site.server";

export const handle: RouteHandle = { i18n: ["common", "staff"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Hài Lòng" }];

const LoginForm = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1000),
  redirectTo: z.string().max(2000).optional(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirectPath(url.searchParams.get("redirectTo"));
  if (await callerOf({ request, context })) throw redirect(redirectTo);
  const locale = await requestLocale(request);
  const t = await i18nServer.getFixedT(locale, "staff");
  return { title: t("login.title"), redirectTo, languageSwitch: otherLanguageHref(url, locale) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  // A sign-in posted by another site's page (login CSRF) is refused before anything is read or counted.
  if (comesFromAnotherSite(request)) throw problemPage(problem("csrf", "the sign-in form was sent from another site"));
  let form: URLSearchParams;
  try {
    form = await readSmallForm(request);
  } catch (error) {
    if (error instanceof BodyError) return data({ error: "required" as const, minutes: 0 }, { status: error.status });
    throw error;
  }
  const parsed = LoginForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ error: "required" as const, minutes: 0 }, { status: 400 });
  // The try takes its place in the limits before the password is checked, so concurrent guesses cannot slip past.
  const attempt = await loginLimits.begin(context.db, { ip: context.clientIp, account: normaliseEmail(parsed.data.email) });
  if (!attempt.allowed) {
    return data(
      { error: "rateLimited" as const, minutes: Math.ceil(attempt.retryAfterSeconds / 60) },
      { status: 429, headers: { "Retry-After": String(attempt.retryAfterSeconds) } },
    );
  }
  const outcome = await login(context.db, parsed.data);
  if (outcome.kind === "invalid") {
    await attempt.failed();
    return data({ error: "invalid" as const, minutes: 0 }, { status: 401 });
  }
  await attempt.succeeded();
  const to = safeRedirectPath(parsed.data.redirectTo);
  // A temporary password is changed before anything else; then on to where they were going.
  const next = outcome.mustChangePassword ? `${PASSWORD_CHANGE_PATH}?redirectTo=${encodeURIComponent(to)}` : to;
  return redirect(next, { headers: { "Set-Cookie": outcome.setCookie } });
}

export default function LoginPage() {
  const { redirectTo, languageSwitch } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation("staff");
  return (
    <PageShell languageSwitch={languageSwitch}>
      <h1>{t("login.title")}</h1>
      <p className="lead">{t("login.intro")}</p>
      <Form method="post" className="stack" noValidate>
        {failed ? (
          <p className="form-error" role="alert" id="login-error">
            {t(`login.${failed.error}`, { minutes: failed.minutes })}
          </p>
        ) : null}
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <label className="field">
          <span>{t("login.email")}</span>
          <input name="email" type="email" autoComplete="username" required aria-describedby={failed ? "login-error" : undefined} />
        </label>
        <label className="field">
          <span>{t("login.password")}</span>
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("login.submit")}
        </button>
      </Form>
    </PageShell>
  );
}
