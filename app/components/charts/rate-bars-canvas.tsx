import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip, type ChartOptions } from "chart.js";
import { Bar } from "react-chartjs-2";
import { CHART_COLOURS, CHART_FONT, fractionAxis, labelAxis } from "./palette";

ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip, Legend);

export type RateBarsCanvasProps = {
  labels: string[];
  estimate: Array<number | null>;
  low: Array<number | null>;
  high: Array<number | null>;
  names: { estimate: string; interval: string };
  ariaLabel: string;
  formatPercent: (fraction: number | null) => string;
  /** Axis ticks: whole percentages ("75%"). */
  formatTick: (fraction: number) => string;
};

/** Horizontal bars of rates with each 95% interval drawn as a thin dark bar over its rate. */
export default function RateBarsCanvas(props: RateBarsCanvasProps) {
  const { labels, estimate, low, high, names, formatPercent, formatTick } = props;
  const options: ChartOptions<"bar"> = {
    indexAxis: "y",
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    scales: {
      x: fractionAxis(formatTick),
      y: labelAxis(labels),
    },
    plugins: {
      legend: { labels: { font: CHART_FONT, color: CHART_COLOURS.text, boxWidth: 24 } },
      tooltip: {
        callbacks: {
          title: (items) => labels[items[0]?.dataIndex ?? 0] ?? "",
          label: (ctx) =>
            ctx.datasetIndex === 0
              ? `${names.estimate}: ${formatPercent(estimate[ctx.dataIndex] ?? null)}`
              : `${names.interval}: ${formatPercent(low[ctx.dataIndex] ?? null)} – ${formatPercent(high[ctx.dataIndex] ?? null)}`,
        },
      },
    },
  };
  const data = {
    labels,
    datasets: [
      { label: names.estimate, data: estimate, backgroundColor: "rgba(11, 79, 138, 0.55)", grouped: false, barPercentage: 0.8 },
      {
        label: names.interval,
        data: labels.map((_, i) => (low[i] == null || high[i] == null ? null : ([low[i], high[i]] as [number, number]))),
        backgroundColor: CHART_COLOURS.interval,
        grouped: false,
        barPercentage: 0.18,
      },
    ],
  };
  return <Bar options={options} data={data as never} role="img" aria-label={props.ariaLabel} />;
}
