import { Form, useRouteLoaderData, type FormProps } from "@remix-run/react";
import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { FieldError, FieldErrors } from "~/domain/form-errors";

/** The anti-forgery token of the admin frame (routes/admin.tsx), put in every form. */
export function CsrfField() {
  const frame = useRouteLoaderData<{ csrf: string }>("routes/admin");
  return <input type="hidden" name="_csrf" value={frame?.csrf ?? ""} />;
}

/** A Remix form (a plain post without JavaScript) that carries the anti-forgery token. */
export function AdminForm({ children, ...props }: FormProps) {
  return (
    <Form method="post" noValidate {...props}>
      <CsrfField />
      {children}
    </Form>
  );
}

/** A one-button form: deactivate, move up, revoke… */
export function ActionButton({
  intent,
  label,
  fields = {},
  className = "button-secondary",
  action,
  confirm,
}: {
  intent: string;
  label: ReactNode;
  fields?: Record<string, string | number>;
  className?: string;
  action?: string;
  /** A sentence shown before a destructive step, when JavaScript runs. */
  confirm?: string;
}) {
  return (
    <AdminForm
      action={action}
      className="inline-form"
      onSubmit={
        confirm
          ? (event) => {
              if (!window.confirm(confirm)) event.preventDefault();
            }
          : undefined
      }
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" name="intent" value={intent} className={className}>
        {label}
      </button>
    </AdminForm>
  );
}

export function useErrorText(): (error: FieldError | undefined) => string | null {
  const { t } = useTranslation("admin");
  return (error) => (error ? t(`errors.${error.code}`, { ...error.values, defaultValue: t("errors.invalid") }) : null);
}

/** The errors of a form, listed at its top with links to the fields (focused so a screen reader hears it). */
export function ErrorSummary({ errors, labels }: { errors: FieldErrors | undefined; labels: Record<string, string> }) {
  const { t } = useTranslation("admin");
  const text = useErrorText();
  if (!errors || Object.keys(errors).length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={(el) => el?.focus()}>
      <h2>{t("form.errorSummary")}</h2>
      <ul>
        {Object.entries(errors).map(([field, error]) => (
          <li key={field}>
            {field in labels ? <a href={`#field-${field.replace(/\./g, "-")}`}>{labels[field]}</a> : null}
            {field in labels ? ": " : null}
            {text(error)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The id a field gets, so error summaries can link to it. */
export function fieldId(name: string): string {
  return `field-${name.replace(/\./g, "-")}`;
}

type FieldProps = {
  name: string;
  label: ReactNode;
  error?: FieldError;
  hint?: ReactNode;
};

function FieldFrame({ name, label, error, hint, children }: FieldProps & { children: (a: { id: string; describedBy?: string }) => ReactNode }) {
  const text = useErrorText();
  const hintId = useId();
  const errorId = `${fieldId(name)}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={fieldId(name)}>{label}</label>
      {hint ? (
        <span className="field-hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="field-error" id={errorId}>
          {text(error)}
        </span>
      ) : null}
      {children({ id: fieldId(name), describedBy })}
    </div>
  );
}

export function TextField({
  name,
  label,
  error,
  hint,
  defaultValue,
  type = "text",
  ...input
}: FieldProps & { defaultValue?: string | number | null } & Omit<React.InputHTMLAttributes<HTMLInputElement>, "name" | "defaultValue">) {
  return (
    <FieldFrame name={name} label={label} error={error} hint={hint}>
      {({ id, describedBy }) => (
        <input
          id={id}
          name={name}
          type={type}
          defaultValue={defaultValue ?? ""}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...input}
        />
      )}
    </FieldFrame>
  );
}

export function TextAreaField({
  name,
  label,
  error,
  hint,
  defaultValue,
  ...input
}: FieldProps & { defaultValue?: string | null } & Omit<React.TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "defaultValue">) {
  return (
    <FieldFrame name={name} label={label} error={error} hint={hint}>
      {({ id, describedBy }) => (
        <textarea id={id} name={name} defaultValue={defaultValue ?? ""} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      )}
    </FieldFrame>
  );
}

export function SelectField({
  name,
  label,
  error,
  hint,
  defaultValue,
  options,
  placeholder,
}: FieldProps & {
  defaultValue?: string | number | null;
  options: Array<{ value: string | number; label: string }>;
  /** An empty first choice ("none", "choose…"). */
  placeholder?: string;
}) {
  return (
    <FieldFrame name={name} label={label} error={error} hint={hint}>
      {({ id, describedBy }) => (
        <select id={id} name={name} defaultValue={defaultValue ?? ""} aria-invalid={error ? true : undefined} aria-describedby={describedBy}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

/** A yes/no box: posts `name=1` when ticked, nothing when not. */
export function CheckboxField({ name, label, defaultChecked, hint }: { name: string; label: ReactNode; defaultChecked?: boolean; hint?: ReactNode }) {
  const hintId = useId();
  return (
    <div className="field field-check">
      <label>
        <input type="checkbox" name={name} value="1" defaultChecked={defaultChecked} aria-describedby={hint ? hintId : undefined} /> {label}
      </label>
      {hint ? (
        <span className="field-hint" id={hintId}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}

/** Several boxes under one legend: posts `name=value` once per ticked box. */
export function CheckboxGroup({
  name,
  legend,
  options,
  checked,
  error,
}: {
  name: string;
  legend: ReactNode;
  options: Array<{ value: string; label: string }>;
  checked: readonly string[];
  error?: FieldError;
}) {
  const text = useErrorText();
  const errorId = `${fieldId(name)}-error`;
  return (
    <fieldset className={error ? "field field-invalid" : "field"} id={fieldId(name)} aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      {error ? (
        <span className="field-error" id={errorId}>
          {text(error)}
        </span>
      ) : null}
      {options.map((o) => (
        <label key={o.value} className="check">
          <input type="checkbox" name={name} value={o.value} defaultChecked={checked.includes(o.value)} /> {o.label}
        </label>
      ))}
    </fieldset>
  );
}
