import { useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CODE_MAX, fractionToPercent, NAME_MAX } from "~/domain/admin-organisation";
import type { FieldErrors } from "~/domain/form-errors";
import type { Named, ServicePointChoices, TargetRow } from "~/modules/organisation/types";
import { ActionButton, CheckboxGroup, SelectField, TextField } from "./form";

/** A unit's name in the reader's language. */
export function useNamed(): (name: Named) => string {
  const { i18n } = useTranslation();
  return (name) => (i18n.language === "en" ? name.en : name.vi);
}

/** A fraction as the reader writes a percent: "87,5 %" in Vietnamese, "87.5%" in English. */
export function usePercent(): (fraction: number) => string {
  const { i18n } = useTranslation();
  return (fraction) =>
    new Intl.NumberFormat(i18n.language === "en" ? "en-GB" : "vi-VN", { style: "percent", maximumFractionDigits: 2 }).format(
      fractionToPercent(fraction) / 100,
    );
}

/** "Saved." after a change redirected here with `?saved=1`. */
export function SavedFlash() {
  const [params] = useSearchParams();
  const { t } = useTranslation("admin");
  if (params.get("saved") !== "1") return null;
  return (
    <p className="flash" role="status">
      {t("form.saved")}
    </p>
  );
}

export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation("admin");
  return active ? <span className="badge badge-active">{t("form.active")}</span> : <span className="badge badge-inactive">{t("form.inactive")}</span>;
}

/** A yearly target said in a sentence: which index, compared how, from how many respondents. */
export function TargetSentence({ target }: { target: Pick<TargetRow, "value" | "comparator" | "headline" | "minSample"> }) {
  const { t } = useTranslation("admin-org");
  const percent = usePercent();
  return (
    <>
      {t("targets.sentence", {
        headline: t(`targets.headlines.${target.headline}`),
        comparison: t(`targets.comparison.${target.comparator}`, { value: percent(target.value) }),
        minSample: target.minSample,
      })}
    </>
  );
}

export type ServicePointFormValues = {
  code?: string;
  nameVi?: string;
  nameEn?: string;
  agencyId?: string | number;
  sectors?: readonly string[];
  questionnaireId?: string | number | null;
};

export function servicePointLabels(t: (key: string) => string) {
  return {
    code: t("servicePoints.code"),
    nameVi: t("servicePoints.nameVi"),
    nameEn: t("servicePoints.nameEn"),
    agencyId: t("servicePoints.agency"),
    sectors: t("servicePoints.sectors"),
    questionnaireId: t("servicePoints.questionnaire"),
  };
}

/** The fields of a service point, new (with its code) or existing (its code fixed). */
export function ServicePointFields({
  choices,
  values,
  errors,
  codeEditable,
}: {
  choices: ServicePointChoices;
  values: ServicePointFormValues;
  errors: FieldErrors | undefined;
  codeEditable: boolean;
}) {
  const { t } = useTranslation("admin-org");
  const named = useNamed();
  const labels = servicePointLabels(t);
  const inactive = (name: Named, active: boolean) => (active ? named(name) : t("servicePoints.sectorInactive", { name: named(name) }));
  return (
    <>
      {codeEditable ? (
        <TextField
          name="code"
          label={labels.code}
          hint={t("servicePoints.codeHint")}
          error={errors?.code}
          defaultValue={values.code}
          maxLength={CODE_MAX}
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          className="code-input"
        />
      ) : (
        <p className="org-fixed">
          {t("codeFixed")}: <code>{values.code}</code>
          <br />
          <span className="field-hint">{t("servicePoints.codeFixedHint")}</span>
        </p>
      )}
      <TextField name="nameVi" label={labels.nameVi} error={errors?.nameVi} defaultValue={values.nameVi} maxLength={NAME_MAX} required />
      <TextField name="nameEn" label={labels.nameEn} hint={t("nameEnHint")} error={errors?.nameEn} defaultValue={values.nameEn} maxLength={NAME_MAX} lang="en" />
      <SelectField
        name="agencyId"
        label={labels.agencyId}
        error={errors?.agencyId}
        defaultValue={values.agencyId}
        placeholder={t("admin:form.choose")}
        options={choices.agencies.map((a) => ({ value: a.id, label: `${"— ".repeat(a.depth)}${inactive(a.name, a.active)}` }))}
      />
      <CheckboxGroup
        name="sectors"
        legend={labels.sectors}
        error={errors?.sectors}
        checked={values.sectors ?? []}
        options={choices.sectors.map((s) => ({ value: String(s.id), label: inactive(s.name, s.active) }))}
      />
      <SelectField
        name="questionnaireId"
        label={labels.questionnaireId}
        hint={t("servicePoints.questionnaireHint")}
        error={errors?.questionnaireId}
        defaultValue={values.questionnaireId}
        placeholder={t("servicePoints.questionnaireDefault")}
        options={choices.questionnaires.map((q) => ({ value: q.id, label: named(q.name) }))}
      />
    </>
  );
}

/**
 * Whether a sector, agency or point is in use, and the one button that
 * changes it: deactivating says what it means and asks first.
 */
export function StatusSection({ kind, active }: { kind: "sectors" | "agencies" | "servicePoints"; active: boolean }) {
  const { t } = useTranslation(["admin-org", "admin"]);
  const id = `${kind}-status`;
  return (
    <section aria-labelledby={id} className="org-section">
      <h2 id={id}>{t("status")}</h2>
      {active ? (
        <>
          <p>{t(`${kind}.deactivateHint`)}</p>
          <ActionButton intent="deactivate" className="button-danger" label={t("admin:form.deactivate")} confirm={t(`${kind}.deactivateConfirm`)} />
        </>
      ) : (
        <ActionButton intent="reactivate" label={t("admin:form.reactivate")} />
      )}
    </section>
  );
}
