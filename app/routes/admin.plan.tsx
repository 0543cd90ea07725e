import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminErrorPage } from "~/components/admin/error-page";
import { ActionButton, AdminForm, CheckboxGroup, ErrorSummary, SelectField, TextField } from "~/components/admin/form";
import { SavedFlash, useNamed, usePercent } from "~/components/admin/organisation";
import { COMPARATORS, fractionToPercent, integerText, NAME_MAX, YEAR_MAX, YEAR_MIN } from "~/domain/admin-organisation";
import { PLAN_MEASURES, PLAN_SCOPES, PlanIndicatorForm } from "~/domain/plan";
import { DEFAULT_MIN_SAMPLE } from "~/domain/targets";
import { vietnamDate } from "~/domain/vietnam-time";
import { actorOf, answerForm, formObject, foundOr404, intentOf, invalidForm, parseForm, readForm, refusedForm } from "~/http/forms.server";
import { requirePermission } from "~/http/permissions.server";
import type { RouteHandle } from "~/http/route-handle";
import { addIndicator, changeIndicator, copyPlan, getPlan, removeIndicator } from "~/modules/plan/plan.service.server";
import orgStyles from "~/styles/admin-org.css?url";

export const handle: RouteHandle = { i18n: ["admin", "admin-org", "plan"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

const Year = integerText(YEAR_MIN, YEAR_MAX);
const IndicatorId = integerText(1, 1e9);

function yearOf(request: Request): number {
  const asked = new URL(request.url).searchParams.get("year");
  if (asked === null) return Number(vietnamDate(new Date()).slice(0, 4));
  return foundOr404(Year.safeParse(asked).data, "no such year");
}

/** A year's plan (`?year=`, the current year by default) and, with `?edit=ID`, the indicator being edited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const year = yearOf(request);
  const page = await getPlan(context.db, year);
  const editId = Number(new URL(request.url).searchParams.get("edit"));
  return { ...page, editing: page.indicators.find((i) => i.id === editId) ?? null, thisYear: Number(vietnamDate(new Date()).slice(0, 4)) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requirePermission({ request, context }, "admin:manage");
  const form = await readForm(request);
  const values = formObject(form, ["sectors"]);
  const intent = intentOf(form);
  const db = context.db;
  const actor = actorOf(principal);
  const year = yearOf(request);
  const page = (y: number) => `/admin/plan?year=${y}&saved=1`;
  const indicatorId = () => foundOr404(IndicatorId.safeParse(values.indicatorId).data, "the plan has no such indicator");
  switch (intent) {
    case "add":
    case "update": {
      const parsed = parseForm(PlanIndicatorForm, values);
      if (!parsed.ok) return refusedForm(parsed.problem, values, { intent });
      const result = intent === "add" ? await addIndicator(db, actor, year, parsed.value) : await changeIndicator(db, actor, indicatorId(), parsed.value);
      return answerForm(result, values, page, { intent });
    }
    case "delete":
      return answerForm(await removeIndicator(db, actor, indicatorId()), values, page, { intent });
    case "copy": {
      const from = Year.safeParse(values.fromYear);
      if (!from.success) return invalidForm({ fromYear: { code: "invalid" } }, values);
      return answerForm(await copyPlan(db, actor, from.data, year), values, page, { intent });
    }
    default:
      return invalidForm({ _form: { code: "invalid" } }, values);
  }
}

export default function PlanPage() {
  const { year, indicators, years, sectors, editing, thisYear } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation("plan");
  const { t: tOrg } = useTranslation("admin-org");
  const named = useNamed();
  const percent = usePercent();
  const failedIntent = failed && "intent" in failed ? failed.intent : (failed?.values as Record<string, unknown> | undefined)?.intent;
  const formFailed = failedIntent === "add" || failedIntent === "update";
  const errors = formFailed ? failed?.errors : undefined;
  const typed = (formFailed ? failed?.values : {}) as Record<string, string | string[] | undefined>;
  const text = (name: string) => (typeof typed[name] === "string" ? (typed[name] as string) : undefined);
  const copyErrors = failedIntent === "copy" ? failed?.errors : undefined;
  const yearChoices = [...new Set([...years, thisYear, thisYear + 1, year])].sort((a, b) => b - a);
  const sectorName = (code: string) => named(sectors.find((s) => s.code === code)?.name ?? { vi: code, en: code });
  const labels = {
    key: t("admin.fields.key"),
    nameVi: t("admin.fields.nameVi"),
    nameEn: t("admin.fields.nameEn"),
    scope: t("admin.fields.scope"),
    sectors: t("admin.fields.sectors"),
    measure: t("admin.fields.measure"),
    value: t("admin.fields.value"),
    comparator: t("admin.fields.comparator"),
    minSample: t("admin.fields.minSample"),
    sortOrder: t("admin.fields.sortOrder"),
  };
  const checkedSectors = Array.isArray(typed.sectors) ? typed.sectors : typeof typed.sectors === "string" ? [typed.sectors] : (editing?.sectors ?? []);
  const nextSort = (Math.max(0, ...indicators.map((i) => i.sortOrder)) + 10).toString();

  return (
    <>
      <h1>{t("admin.title", { year })}</h1>
      <SavedFlash />
      <p>{t("admin.intro")}</p>
      <nav aria-label={t("admin.years")} className="year-links">
        <ul className="inline-list">
          {yearChoices.map((y) => (
            <li key={y}>
              <Link to={`/admin/plan?year=${y}`} aria-current={y === year ? "page" : undefined}>
                {y}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {indicators.length === 0 ? (
        <>
          <p className="empty">{t("admin.none", { year })}</p>
          {years.length > 0 ? (
            <section aria-labelledby="plan-copy" className="org-section">
              <h2 id="plan-copy">{t("admin.copyTitle", { year })}</h2>
              <ErrorSummary errors={copyErrors} labels={{ fromYear: t("admin.copyFrom"), toYear: t("admin.years") }} />
              <AdminForm className="admin-form" aria-labelledby="plan-copy">
                <SelectField name="fromYear" label={t("admin.copyFrom")} error={copyErrors?.fromYear} defaultValue={years[0]} options={years.map((y) => ({ value: y, label: String(y) }))} />
                <div className="form-actions">
                  <button type="submit" name="intent" value="copy" className="button">
                    {t("admin.copyButton")}
                  </button>
                </div>
              </AdminForm>
            </section>
          ) : null}
        </>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t("admin.table.caption", { year })}>
          <table className="data-table plan-table">
            <caption>{t("admin.table.caption", { year })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("admin.table.name")}</th>
                <th scope="col">{t("admin.table.scope")}</th>
                <th scope="col">{t("admin.table.measure")}</th>
                <th scope="col">{t("admin.table.target")}</th>
                <th scope="col">{t("admin.table.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {indicators.map((i) => (
                <tr key={i.id} data-indicator={i.key}>
                  <th scope="row">
                    {named(i.name)} <code>{i.key}</code>
                  </th>
                  <td>{i.scope === "all" ? t("scope.all") : i.sectors.map(sectorName).join(", ")}</td>
                  <td>{t(`measure.${i.measure}`)}</td>
                  <td>
                    {tOrg(`targets.comparison.${i.target.comparator}`, { value: percent(i.target.value) })}
                    <br />
                    <small>n ≥ {i.target.minSample}</small>
                  </td>
                  <td>
                    <div className="row-actions">
                      <Link className="button-secondary org-link-button" to={`/admin/plan?year=${year}&edit=${i.id}#indicator-form`}>
                        {t("admin.edit")}
                        <span className="visually-hidden"> {named(i.name)}</span>
                      </Link>
                      <ActionButton
                        intent="delete"
                        fields={{ indicatorId: i.id }}
                        className="button-danger"
                        confirm={t("admin.removeConfirm", { name: named(i.name), year })}
                        label={
                          <>
                            {t("admin.remove")}
                            <span className="visually-hidden"> {named(i.name)}</span>
                          </>
                        }
                      />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <section aria-labelledby="indicator-form" className="org-section">
        <h2 id="indicator-form">{editing ? t("admin.editTitle", { name: named(editing.name) }) : t("admin.add")}</h2>
        <ErrorSummary errors={errors} labels={labels} />
        <AdminForm className="admin-form" key={editing?.id ?? "new"} aria-labelledby="indicator-form">
          {editing ? <input type="hidden" name="indicatorId" value={editing.id} /> : null}
          <TextField name="key" label={labels.key} hint={t("admin.fields.keyHint")} error={errors?.key} defaultValue={text("key") ?? editing?.key ?? ""} maxLength={40} required />
          <TextField name="nameVi" label={labels.nameVi} error={errors?.nameVi} defaultValue={text("nameVi") ?? editing?.name.vi ?? ""} maxLength={NAME_MAX} required />
          <TextField name="nameEn" label={labels.nameEn} error={errors?.nameEn} defaultValue={text("nameEn") ?? editing?.name.en ?? ""} maxLength={NAME_MAX} lang="en" required />
          <SelectField
            name="scope"
            label={labels.scope}
            error={errors?.scope}
            defaultValue={text("scope") ?? editing?.scope ?? "sectors"}
            options={PLAN_SCOPES.map((s) => ({ value: s, label: t(`scope.${s}`) }))}
          />
          <CheckboxGroup
            name="sectors"
            legend={labels.sectors}
            options={sectors.map((s) => ({ value: s.code, label: named(s.name) }))}
            checked={checkedSectors}
            error={errors?.sectors}
          />
          <SelectField
            name="measure"
            label={labels.measure}
            error={errors?.measure}
            defaultValue={text("measure") ?? editing?.measure ?? "headline"}
            options={PLAN_MEASURES.map((m) => ({ value: m, label: t(`measure.${m}`) }))}
          />
          <TextField
            name="value"
            label={labels.value}
            hint={t("admin.fields.valueHint")}
            error={errors?.value}
            defaultValue={text("value") ?? (editing ? String(fractionToPercent(editing.target.value)) : "")}
            inputMode="decimal"
            maxLength={8}
            required
          />
          <SelectField
            name="comparator"
            label={labels.comparator}
            error={errors?.comparator}
            defaultValue={text("comparator") ?? editing?.target.comparator ?? ">="}
            options={COMPARATORS.map((c) => ({ value: c, label: tOrg(`targets.comparators.${c}`) }))}
          />
          <TextField
            name="minSample"
            label={labels.minSample}
            hint={t("admin.fields.minSampleHint")}
            error={errors?.minSample}
            defaultValue={text("minSample") ?? editing?.target.minSample ?? DEFAULT_MIN_SAMPLE}
            inputMode="numeric"
            maxLength={7}
            required
          />
          <TextField name="sortOrder" label={labels.sortOrder} error={errors?.sortOrder} defaultValue={text("sortOrder") ?? editing?.sortOrder ?? nextSort} inputMode="numeric" maxLength={4} required />
          <div className="form-actions">
            <button type="submit" name="intent" value={editing ? "update" : "add"} className="button">
              {editing ? t("admin.saveChanges") : t("admin.saveNew")}
            </button>
            {editing ? <Link to={`/admin/plan?year=${year}`}>{t("admin.cancel")}</Link> : null}
          </div>
        </AdminForm>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
