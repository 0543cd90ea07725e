import { requirePermission } from "~/http/permissions.server";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminErrorPage } from "~/components/admin/error-page";
import { ActionButton, AdminForm, ErrorSummary, SelectField, TextField } from "~/components/admin/form";
import { ActiveBadge, SavedFlash, StatusSection, TargetSentence, useNamed } from "~/components/admin/organisation";
import { COMPARATORS, fractionToPercent, HEADLINE_INDICES, integerText, NAME_MAX, SectorUpdateForm, TargetForm } from "~/domain/admin-organisation";
import { DEFAULT_MIN_SAMPLE } from "~/domain/targets";
import { vietnamDate } from "~/domain/vietnam-time";
import { addTarget, deleteTarget, getAdminSector, setSectorActive, updateSector, updateTarget } from "~/modules/organisation/sectors.service.server";
import { listQuestionnaireChoices } from "~/modules/questionnaires/questionnaires.service.server";
import type { Outcome } from "~/domain/problem";
import { actorOf, answerForm, formObject, foundOr404, intentOf, invalidForm, parseForm, readForm, refusedForm } from "~/http/forms.server";
import type { RouteHandle } from "~/http/route-handle";
import orgStyles from "~/styles/admin-org.css?url";

export const handle: RouteHandle = { i18n: ["admin", "admin-org"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

/** The sector, its yearly targets, and (with `?year=`) the target being edited. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const db = context.db;
  const sector = foundOr404(await getAdminSector(db, params.code ?? ""));
  const editYear = Number(new URL(request.url).searchParams.get("year"));
  return {
    sector,
    editing: sector.targets.find((t) => t.year === editYear) ?? null,
    nextYear: Math.max(Number(vietnamDate(new Date()).slice(0, 4)), ...sector.targets.map((t) => t.year + 1)),
    questionnaires: await listQuestionnaireChoices(db),
  };
}

const TargetId = integerText(1, 1e9);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requirePermission({ request, context }, "admin:manage");
  const form = await readForm(request);
  const values = formObject(form);
  const intent = intentOf(form);
  const db = context.db;
  const actor = actorOf(principal);
  const code = params.code ?? "";
  const page = (c: string) => `/admin/sectors/${c}?saved=1`;
  const targetId = () => foundOr404(TargetId.safeParse(values.targetId).data, "the sector has no such target");
  let result: Outcome<string>;
  switch (intent) {
    case "update": {
      const parsed = parseForm(SectorUpdateForm, values);
      if (!parsed.ok) return refusedForm(parsed.problem, values);
      result = await updateSector(db, actor, code, parsed.value);
      break;
    }
    case "deactivate":
    case "reactivate":
      result = await setSectorActive(db, actor, code, intent === "reactivate");
      break;
    case "addTarget":
    case "updateTarget": {
      const parsed = parseForm(TargetForm, values);
      if (!parsed.ok) return refusedForm(parsed.problem, values);
      result = intent === "addTarget" ? await addTarget(db, actor, code, parsed.value) : await updateTarget(db, actor, code, targetId(), parsed.value);
      break;
    }
    case "deleteTarget":
      result = await deleteTarget(db, actor, code, targetId());
      break;
    default:
      return invalidForm({ _form: { code: "invalid" } }, values);
  }
  return answerForm(result, values, page);
}

const SECTOR_FIELDS = ["nameVi", "nameEn", "sortOrder", "questionnaireId"];

export default function SectorPage() {
  const { sector, editing, nextYear, questionnaires } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation("admin-org");
  const named = useNamed();
  const failedIntent = (failed?.values as Record<string, unknown> | undefined)?.intent;
  // Each of the page's forms shows only its own errors and what was typed into it.
  const sectorFailed = failedIntent === "update" || (failed && Object.keys(failed.errors).some((f) => SECTOR_FIELDS.includes(f) || f === "_form"));
  const targetFailed = failedIntent === "addTarget" || failedIntent === "updateTarget";
  const sectorErrors = sectorFailed ? failed?.errors : undefined;
  const sectorValues = (sectorFailed ? failed?.values : {}) as Record<string, string | undefined>;
  const targetErrors = targetFailed ? failed?.errors : undefined;
  const targetValues = (targetFailed ? failed?.values : {}) as Record<string, string | undefined>;
  const editingTarget = targetFailed && failedIntent === "updateTarget" ? (sector.targets.find((x) => String(x.id) === targetValues.targetId) ?? editing) : editing;

  const labels = {
    nameVi: t("sectors.nameVi"),
    nameEn: t("sectors.nameEn"),
    sortOrder: t("sectors.sortOrder"),
    questionnaireId: t("sectors.questionnaire"),
  };
  const targetLabels = {
    year: t("targets.year"),
    value: t("targets.value"),
    comparator: t("targets.comparator"),
    headline: t("targets.headline"),
    minSample: t("targets.minSample"),
  };
  return (
    <>
      <p>
        <Link to="/admin/sectors">{t("sectors.back")}</Link>
      </p>
      <h1>
        {named(sector.name)} <code>{sector.code}</code> <ActiveBadge active={sector.active} />
      </h1>
      <SavedFlash />
      {!sector.active ? <p className="org-note">{t("sectors.inactiveNote")}</p> : null}

      <section aria-labelledby="sector-details" className="org-section">
        <h2 id="sector-details">{t("sectors.details")}</h2>
        <ErrorSummary errors={sectorErrors} labels={labels} />
        <AdminForm className="admin-form">
          <p className="org-fixed">
            {t("codeFixed")}: <code>{sector.code}</code>
          </p>
          <TextField name="nameVi" label={labels.nameVi} error={sectorErrors?.nameVi} defaultValue={sectorValues.nameVi ?? sector.name.vi} maxLength={NAME_MAX} required />
          <TextField name="nameEn" label={labels.nameEn} hint={t("nameEnHint")} error={sectorErrors?.nameEn} defaultValue={sectorValues.nameEn ?? sector.name.en} maxLength={NAME_MAX} lang="en" />
          <TextField name="sortOrder" label={labels.sortOrder} hint={t("sectors.sortOrderHint")} error={sectorErrors?.sortOrder} defaultValue={sectorValues.sortOrder ?? sector.sortOrder} inputMode="numeric" maxLength={4} />
          <SelectField
            name="questionnaireId"
            label={labels.questionnaireId}
            hint={t("sectors.questionnaireHint")}
            error={sectorErrors?.questionnaireId}
            defaultValue={sectorValues.questionnaireId ?? sector.questionnaire?.id}
            placeholder={t("sectors.noQuestionnaire")}
            options={questionnaires.map((q) => ({ value: q.id, label: named(q.name) }))}
          />
          <div className="form-actions">
            <button type="submit" name="intent" value="update" className="button">
              {t("saveChanges")}
            </button>
          </div>
        </AdminForm>
      </section>

      <section aria-labelledby="sector-targets" className="org-section">
        <h2 id="sector-targets">{t("targets.title")}</h2>
        <p>{t("targets.intro")}</p>
        {sector.targets.length === 0 ? (
          <p className="empty">{t("targets.none")}</p>
        ) : (
          <ul className="org-cards target-list">
            {sector.targets.map((target) => (
              <li key={target.id} className="org-card" data-year={target.year}>
                <h3 className="org-card-title">{target.year}</h3>
                <p>
                  <TargetSentence target={target} />
                </p>
                <div className="row-actions">
                  <Link className="button-secondary org-link-button" to={`?year=${target.year}#target-form`}>
                    {t("targets.edit")}
                    <span className="visually-hidden"> {t("targets.editFor", { year: target.year })}</span>
                  </Link>
                  <ActionButton
                    intent="deleteTarget"
                    fields={{ targetId: target.id }}
                    className="button-danger"
                    confirm={t("targets.removeConfirm", { year: target.year })}
                    label={
                      <>
                        {t("targets.remove")}
                        <span className="visually-hidden"> {t("targets.editFor", { year: target.year })}</span>
                      </>
                    }
                  />
                </div>
              </li>
            ))}
          </ul>
        )}

        <h3 id="target-form">{editingTarget ? t("targets.editTitle", { year: editingTarget.year }) : t("targets.add")}</h3>
        <ErrorSummary errors={targetErrors} labels={targetLabels} />
        <AdminForm className="admin-form" key={editingTarget?.id ?? "new"} aria-labelledby="target-form">
          {editingTarget ? <input type="hidden" name="targetId" value={editingTarget.id} /> : null}
          <TextField name="year" label={targetLabels.year} error={targetErrors?.year} defaultValue={targetValues.year ?? editingTarget?.year ?? nextYear} inputMode="numeric" maxLength={4} required />
          <TextField
            name="value"
            label={targetLabels.value}
            hint={t("targets.valueHint")}
            error={targetErrors?.value}
            defaultValue={targetValues.value ?? (editingTarget ? String(fractionToPercent(editingTarget.value)) : "")}
            inputMode="decimal"
            maxLength={8}
            required
          />
          <SelectField
            name="comparator"
            label={targetLabels.comparator}
            error={targetErrors?.comparator}
            defaultValue={targetValues.comparator ?? editingTarget?.comparator ?? ">="}
            options={COMPARATORS.map((c) => ({ value: c, label: t(`targets.comparators.${c}`) }))}
          />
          <SelectField
            name="headline"
            label={targetLabels.headline}
            error={targetErrors?.headline}
            defaultValue={targetValues.headline ?? editingTarget?.headline ?? "overall"}
            options={HEADLINE_INDICES.map((h) => ({ value: h, label: t(`targets.headlines.${h}`) }))}
          />
          <TextField
            name="minSample"
            label={targetLabels.minSample}
            hint={t("targets.minSampleHint")}
            error={targetErrors?.minSample}
            defaultValue={targetValues.minSample ?? editingTarget?.minSample ?? DEFAULT_MIN_SAMPLE}
            inputMode="numeric"
            maxLength={7}
            required
          />
          <div className="form-actions">
            <button type="submit" name="intent" value={editingTarget ? "updateTarget" : "addTarget"} className="button">
              {editingTarget ? t("saveChanges") : t("targets.addButton")}
            </button>
            {editingTarget ? <Link to={`/admin/sectors/${sector.code}`}>{t("targets.cancelEdit")}</Link> : null}
          </div>
        </AdminForm>
      </section>

      <StatusSection kind="sectors" active={sector.active} />
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
