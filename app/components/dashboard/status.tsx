import { useTranslation } from "react-i18next";
import type { EstimateSide, TargetStatus } from "~/domain/targets";

/** Each status has its own shape as well as its colour and words, so none depends on colour alone. */
function StatusIcon({ status }: { status: TargetStatus | "none" }) {
  const common = { width: 18, height: 18, viewBox: "0 0 20 20", "aria-hidden": true, focusable: false } as const;
  switch (status) {
    case "meets":
      return (
        <svg {...common}>
          <circle cx="10" cy="10" r="9" fill="currentColor" />
          <path d="M5.5 10.5l3 3 6-7" fill="none" stroke="#fff" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      );
    case "below":
      return (
        <svg {...common}>
          <path d="M10 18.5L1 3h18z" fill="currentColor" />
          <path d="M10 6.5v5.5" stroke="#fff" strokeWidth="2.2" strokeLinecap="round" />
          <circle cx="10" cy="14.6" r="1.3" fill="#fff" />
        </svg>
      );
    case "inconclusive":
      // Half filled: the interval straddles the target, so the verdict is half way.
      return (
        <svg {...common}>
          <circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" strokeWidth="2.4" />
          <path d="M10 2a8 8 0 0 0 0 16z" fill="currentColor" />
        </svg>
      );
    case "insufficient":
      return (
        <svg {...common}>
          <circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" strokeWidth="2.4" strokeDasharray="3.2 2.4" />
        </svg>
      );
    case "none":
      return (
        <svg {...common}>
          <rect x="3" y="8.5" width="14" height="3" rx="1.5" fill="currentColor" />
        </svg>
      );
  }
}

/**
 * The status of a figure against its target in words, colour and shape;
 * "not yet conclusive" also says on which side of the target the estimate is.
 */
export function StatusBadge({
  status,
  side,
  minSample,
  detailed = false,
}: {
  status: TargetStatus | null;
  side: EstimateSide | null;
  minSample: number;
  /** The long explanation of an inconclusive status (cards), or the short one (tables). */
  detailed?: boolean;
}) {
  const { t } = useTranslation("staff");
  const key = status ?? "none";
  return (
    <span className={`status status-${key}`} data-status={key}>
      <StatusIcon status={key} />
      <span>
        {t(`dashboard.status.${key}`, { min: minSample })}
        {status === "inconclusive" && side ? (
          <span className="status-side">
            {detailed ? `: ${t(`dashboard.side.${side}Long`)}` : ` (${t(`dashboard.side.${side}`)})`}
          </span>
        ) : null}
      </span>
    </span>
  );
}
