import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip, type ChartOptions } from "chart.js";
import { Bar } from "react-chartjs-2";
import { CHART_COLOURS, CHART_FONT, fractionAxis, labelAxis } from "./palette";

ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip, Legend);

export type DistributionCanvasProps = {
  labels: string[];
  /** For each row, the share of rated answers at levels 1–5 (null: no rated answer). */
  shares: Array<[number, number, number, number, number] | null>;
  levelNames: string[];
  ariaLabel: string;
  formatPercent: (fraction: number | null) => string;
  /** Axis ticks: whole percentages ("75%"). */
  formatTick: (fraction: number) => string;
};

/** The five-level distribution of each question as a 100% stacked bar. */
export default function DistributionCanvas(props: DistributionCanvasProps) {
  const { labels, shares, levelNames, formatPercent, formatTick } = props;
  const options: ChartOptions<"bar"> = {
    indexAxis: "y",
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    scales: {
      x: fractionAxis(formatTick, true),
      y: labelAxis(labels, true),
    },
    plugins: {
      legend: { position: "bottom", labels: { font: CHART_FONT, color: CHART_COLOURS.text, boxWidth: 18 } },
      tooltip: {
        callbacks: {
          title: (items) => labels[items[0]?.dataIndex ?? 0] ?? "",
          label: (ctx) => `${levelNames[ctx.datasetIndex] ?? ""}: ${formatPercent(ctx.parsed.x)}`,
        },
      },
    },
  };
  const data = {
    labels,
    datasets: levelNames.map((name, level) => ({
      label: name,
      data: shares.map((row) => (row ? row[level]! : null)),
      backgroundColor: CHART_COLOURS.levels[level],
      borderColor: "#ffffff",
      borderWidth: 1,
    })),
  };
  return <Bar options={options} data={data} role="img" aria-label={props.ariaLabel} />;
}
