import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/**
 * A secret shown exactly once (a temporary password, an API token): large,
 * selectable, with what to do with it. It is never stored in readable form.
 */
export function OneTimeSecret({ title, label, secret, children }: { title: string; label: string; secret: string; children?: ReactNode }) {
  const { t } = useTranslation("admin-users");
  return (
    <section className="one-time-secret" aria-labelledby="one-time-secret-title" role="status">
      <h2 id="one-time-secret-title">{title}</h2>
      {children}
      <p className="secret-label">{label}</p>
      <p>
        <code className="secret-value" data-testid="one-time-secret" translate="no">
          {secret}
        </code>
      </p>
      <p className="secret-warning">{t("handover.once")}</p>
    </section>
  );
}
