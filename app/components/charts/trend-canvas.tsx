import { CategoryScale, Chart as ChartJS, Filler, Legend, LinearScale, LineElement, PointElement, Tooltip, type ChartOptions } from "chart.js";
import { Line } from "react-chartjs-2";
import { CHART_COLOURS, CHART_FONT } from "./palette";

ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, Filler, Tooltip, Legend);

export type TrendCanvasProps = {
  labels: string[];
  estimate: Array<number | null>;
  low: Array<number | null>;
  high: Array<number | null>;
  n: number[];
  target: number | null;
  names: { estimate: string; band: string; target: string; n: string };
  ariaLabel: string;
  formatPercent: (fraction: number | null) => string;
  /** Axis ticks: whole percentages ("80%"). */
  formatTick: (fraction: number) => string;
};

/** The monthly index as a line, its 95% interval as a band, and the target as a dashed line. */
export default function TrendCanvas(props: TrendCanvasProps) {
  const { labels, estimate, low, high, n, target, names, formatPercent, formatTick } = props;
  const options: ChartOptions<"line"> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    spanGaps: false,
    interaction: { mode: "index", intersect: false },
    scales: {
      y: {
        min: 0,
        max: 1,
        ticks: { callback: (v) => formatTick(Number(v)), font: CHART_FONT, color: CHART_COLOURS.text, stepSize: 0.2 },
        grid: { color: CHART_COLOURS.grid },
      },
      x: { ticks: { font: CHART_FONT, color: CHART_COLOURS.text, maxRotation: 0, autoSkip: true }, grid: { display: false } },
    },
    plugins: {
      legend: {
        labels: { font: CHART_FONT, color: CHART_COLOURS.text, filter: (item) => item.datasetIndex !== 1, usePointStyle: true, pointStyleWidth: 28 },
      },
      tooltip: {
        callbacks: {
          label: (ctx) => {
            if (ctx.datasetIndex === 1) return "";
            if (ctx.datasetIndex === 0) return `${names.band}: ${formatPercent(low[ctx.dataIndex] ?? null)} – ${formatPercent(high[ctx.dataIndex] ?? null)}`;
            if (ctx.datasetIndex === 3) return `${names.target}: ${formatPercent(target)}`;
            return `${names.estimate}: ${formatPercent(ctx.parsed.y)} (${names.n} ${n[ctx.dataIndex] ?? 0})`;
          },
        },
      },
    },
  };
  const data = {
    labels,
    datasets: [
      { label: names.band, data: high, borderWidth: 0, pointRadius: 0, pointStyle: "rect" as const, backgroundColor: CHART_COLOURS.band, fill: "+1" as const },
      { label: names.band, data: low, borderWidth: 0, pointRadius: 0, backgroundColor: CHART_COLOURS.band, fill: false },
      {
        label: names.estimate,
        data: estimate,
        borderColor: CHART_COLOURS.estimate,
        backgroundColor: CHART_COLOURS.estimate,
        borderWidth: 3,
        pointRadius: 4,
        fill: false,
      },
      ...(target === null
        ? []
        : [
            {
              label: names.target,
              data: labels.map(() => target),
              borderColor: CHART_COLOURS.target,
              backgroundColor: CHART_COLOURS.target,
              borderDash: [8, 5],
              pointStyle: "line" as const,
              borderWidth: 2,
              pointRadius: 0,
              fill: false,
            },
          ]),
    ],
  };
  return <Line options={options} data={data} role="img" aria-label={props.ariaLabel} />;
}
