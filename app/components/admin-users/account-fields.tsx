import { useTranslation } from "react-i18next";
import { CheckboxGroup, SelectField, useErrorText } from "~/components/admin/form";
import type { FieldError } from "~/domain/form-errors";

/** The role and sector fields of an account or token form (sectors matter for managers only). */
export function RoleAndSectorFields({
  roles,
  sectors,
  role,
  checked,
  errors,
  sectorsHint,
}: {
  roles: readonly string[];
  sectors: Array<{ code: string; name: string }>;
  role: string;
  checked: readonly string[];
  errors: Record<string, FieldError | undefined>;
  sectorsHint: string;
}) {
  const { t } = useTranslation("admin-users");
  return (
    <>
      <SelectField
        name="role"
        label={t("form.role")}
        error={errors.role}
        defaultValue={role}
        options={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
      />
      <p className="field-hint sectors-hint">{sectorsHint}</p>
      <CheckboxGroup
        name="sectors"
        legend={t("form.sectors")}
        options={sectors.map((s) => ({ value: s.code, label: s.name }))}
        checked={checked}
        error={errors.sectors}
      />
    </>
  );
}

/** A refusal that belongs to no single field (the last administrator), said at the top of the page. */
export function FormProblem({ error, text }: { error: FieldError | undefined; text?: string }) {
  const errorText = useErrorText();
  if (!error) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={(el) => el?.focus()}>
      <p>{text ?? errorText(error)}</p>
    </div>
  );
}
