import { useTranslation } from "react-i18next";
import { CHART_COLOURS } from "~/components/charts/palette";
import { useFormatters } from "~/components/dashboard/format";
import type { TargetStatus } from "~/domain/targets";

export type IntervalChartRow = {
  key: string;
  label: string;
  estimate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  n: number;
  /** The row's own target (sectors' targets differ), drawn as a dashed tick. */
  target: number | null;
  status: TargetStatus | null;
};

const WIDTH = 680;
const ROW = 44;
const TOP = 8;
const PLOT_LEFT = 18;
const PLOT_WIDTH = 380;
const NUMBERS_LEFT = PLOT_LEFT + PLOT_WIDTH + 14;
const STATUS_COLOURS: Record<TargetStatus | "none", string> = {
  meets: "#1b6e3a",
  below: "#b00020",
  inconclusive: "#7a4b00",
  insufficient: "#4a5561",
  none: "#4a5561",
};

/** The axis starts at the nearest 10% under every bound and target shown (never above 50%), and ends at 100%. */
export function axisStart(rows: readonly IntervalChartRow[]): number {
  const lows = rows.flatMap((r) => [r.ciLow, r.estimate, r.target]).filter((v): v is number => v !== null);
  const lowest = lows.length === 0 ? 0.5 : Math.min(0.5, ...lows);
  return Math.max(0, Math.floor(lowest * 10 + 1e-9) / 10);
}

/**
 * A figure per row drawn as a dot on its 95% interval, with the row's target
 * as a dashed tick and the numbers written beside it: plain SVG rendered on
 * the server, so it prints crisply and needs no JavaScript. The label sits
 * above its line, so long names never need cutting.
 */
export function IntervalChart({ id, title, rows }: { id: string; title: string; rows: readonly IntervalChartRow[] }) {
  const { t } = useTranslation("report");
  const f = useFormatters();
  const start = axisStart(rows);
  const x = (v: number) => PLOT_LEFT + ((Math.min(1, Math.max(start, v)) - start) / (1 - start)) * PLOT_WIDTH;
  const ticks = Array.from({ length: Math.round((1 - start) * 10) + 1 }, (_, i) => start + i / 10);
  const height = TOP + rows.length * ROW + 24;
  return (
    <figure className="report-chart" aria-labelledby={`${id}-caption`}>
      <svg id={id} viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={t("chart.label", { title })} preserveAspectRatio="xMinYMin meet">
        {ticks.map((v) => (
          <g key={v.toFixed(2)}>
            <line x1={x(v)} x2={x(v)} y1={TOP} y2={height - 20} stroke={CHART_COLOURS.grid} strokeWidth={1} />
            <text x={x(v)} y={height - 6} fontSize={11} textAnchor="middle" fill={CHART_COLOURS.text}>
              {f.target(v)}
            </text>
          </g>
        ))}
        {rows.map((r, i) => {
          const y = TOP + i * ROW;
          const mid = y + 30;
          const colour = STATUS_COLOURS[r.status ?? "none"];
          const numbers =
            r.estimate === null
              ? t("chart.noFigure")
              : `${f.percent(r.estimate)} (${f.interval(r.ciLow, r.ciHigh)}) · n = ${f.count(r.n)}`;
          return (
            <g key={r.key} data-row={r.key}>
              <text x={PLOT_LEFT} y={y + 14} fontSize={13} fontWeight={600} fill={CHART_COLOURS.text}>
                {r.label}
              </text>
              {r.target !== null ? (
                <line x1={x(r.target)} x2={x(r.target)} y1={mid - 9} y2={mid + 9} stroke={CHART_COLOURS.target} strokeWidth={2} strokeDasharray="3 2">
                  <title>{t("chart.target", { value: f.target(r.target) })}</title>
                </line>
              ) : null}
              {r.ciLow !== null && r.ciHigh !== null ? (
                <line x1={x(r.ciLow)} x2={x(r.ciHigh)} y1={mid} y2={mid} stroke={CHART_COLOURS.interval} strokeWidth={2} />
              ) : null}
              {r.estimate !== null ? <circle cx={x(r.estimate)} cy={mid} r={5.5} fill={colour} stroke="#fff" strokeWidth={1.5} /> : null}
              <text x={NUMBERS_LEFT} y={mid + 4} fontSize={12.5} fill={CHART_COLOURS.text}>
                {numbers}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
    </figure>
  );
}
