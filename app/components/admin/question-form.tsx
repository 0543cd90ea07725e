import { useTranslation } from "react-i18next";
import type { FieldErrors } from "~/domain/form-errors";
import type { DraftQuestionType } from "~/domain/questionnaire-draft";
import { AdminForm, CheckboxField, ErrorSummary, SelectField, TextAreaField, TextField, useErrorText } from "./form";

export type QuestionFormValues = Record<string, string | undefined>;

/**
 * The form for one question of a draft, of one type: the same field names for
 * every type, so one schema reads them all; only the fields of its type show.
 */
export function QuestionForm({
  type,
  intent,
  action,
  originalKey,
  values,
  errors,
  groups,
  cancelHref,
}: {
  type: DraftQuestionType;
  intent: "add" | "update";
  action: string;
  originalKey?: string;
  values: QuestionFormValues;
  errors: FieldErrors | undefined;
  groups: Array<{ key: string; name: string }>;
  cancelHref: string;
}) {
  const { t } = useTranslation("admin-questionnaires");
  const text = useErrorText();
  const labels: Record<string, string> = {
    key: t("question.key"),
    textVi: t("question.textVi"),
    textEn: t("question.textEn"),
    group: t("question.group"),
    overall: t("question.overall"),
    options: t("question.options"),
    min: t("question.min"),
    max: t("question.max"),
    maxLength: t("question.maxLength"),
    type: t("question.type"),
  };
  const checked = (name: string, fallback: boolean) => (values[name] === undefined ? fallback : values[name] === "1");
  const isNew = Object.keys(values).length === 0;
  return (
    <AdminForm action={action} className="admin-form q-form" aria-label={intent === "add" ? t("builder.addFormTitle", { type: t(`types.${type}`) }) : t("builder.editTitle", { key: originalKey })}>
      <ErrorSummary errors={errors} labels={labels} />
      <input type="hidden" name="type" value={type} />
      {originalKey ? <input type="hidden" name="originalKey" value={originalKey} /> : null}
      <TextField name="key" label={labels.key} hint={t("question.keyHint")} error={errors?.key} defaultValue={values.key} maxLength={40} autoComplete="off" spellCheck={false} />
      <TextAreaField name="textVi" label={labels.textVi} error={errors?.textVi} defaultValue={values.textVi} maxLength={500} rows={3} lang="vi" />
      <TextAreaField name="textEn" label={labels.textEn} error={errors?.textEn} defaultValue={values.textEn} maxLength={500} rows={3} lang="en" />
      <SelectField name="group" label={labels.group} error={errors?.group} defaultValue={values.group} placeholder={t("question.groupNone")} options={groups.map((g) => ({ value: g.key, label: g.name }))} />
      <CheckboxField name="required" label={t("question.required")} defaultChecked={checked("required", isNew ? type !== "text" : false)} />
      {type === "scale" ? (
        <>
          <CheckboxField name="allowNA" label={t("question.allowNA")} defaultChecked={checked("allowNA", false)} />
          <CheckboxField name="overall" label={labels.overall} hint={t("question.overallHint")} defaultChecked={checked("overall", false)} />
          {errors?.overall ? (
            <p className="field-error" id="field-overall">
              {text(errors.overall)} {t("question.overallHint")}
            </p>
          ) : null}
        </>
      ) : null}
      {type === "choice" ? (
        <TextAreaField name="options" label={labels.options} hint={t("question.optionsHint")} error={errors?.options} defaultValue={values.options} rows={5} maxLength={4000} spellCheck={false} />
      ) : null}
      {type === "number" ? (
        <div className="q-range">
          <TextField name="min" label={labels.min} error={errors?.min} defaultValue={values.min ?? (isNew ? "0" : "")} inputMode="decimal" maxLength={20} />
          <TextField name="max" label={labels.max} error={errors?.max} defaultValue={values.max ?? (isNew ? "100" : "")} inputMode="decimal" maxLength={20} />
        </div>
      ) : null}
      {type === "text" ? (
        <TextField name="maxLength" label={labels.maxLength} hint={t("question.maxLengthHint")} error={errors?.maxLength} defaultValue={values.maxLength ?? (isNew ? "2000" : "")} inputMode="numeric" maxLength={6} />
      ) : null}
      <div className="q-form-buttons">
        <button type="submit" name="intent" value={intent} className="button">
          {intent === "add" ? t("builder.add") : t("builder.save")}
        </button>
        <a href={cancelHref} className="button-secondary">
          {t("builder.cancel")}
        </a>
      </div>
    </AdminForm>
  );
}
