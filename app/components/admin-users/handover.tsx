import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/**
 * A secret shown exactly once (a temporary password, an API token): large,
 * selectable, with what to do with it. It is never stored in readable form.
 */
export function OneTimeSecret({
  label,
  secret,
  warning,
  long = false,
  children,
}: {
  label: string;
  secret: string;
  /** What to do if it is lost. */
  warning: string;
  long?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation("admin-users");
  return (
    <section className="one-time-secret" aria-labelledby="one-time-secret-title" role="status">
      <h2 id="one-time-secret-title">{t("handover.onceTitle")}</h2>
      {children}
      <p className="secret-label">{label}</p>
      <p>
        <code className={long ? "secret-value secret-value-long" : "secret-value"} data-testid="one-time-secret" translate="no">
          {secret}
        </code>
      </p>
      <p className="secret-warning">{warning}</p>
    </section>
  );
}
