/** Chart colours: the product's blue, a dark target line, and a colour-blind-safe diverging scale for levels 1–5. */
export const CHART_COLOURS = {
  estimate: "#0b4f8a",
  band: "rgba(11, 79, 138, 0.18)",
  interval: "#14171a",
  target: "#8a3b00",
  grid: "#d5dbe1",
  text: "#14171a",
  /** ColorBrewer RdBu: very dissatisfied … very satisfied. */
  levels: ["#b2182b", "#ef8a62", "#a8a8a8", "#67a9cf", "#2166ac"],
} as const;

export const CHART_FONT = { size: 14, family: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif" };

/** The x axis of a horizontal bar chart of fractions 0–1, ticks every 25%. */
export function fractionAxis(formatTick: (fraction: number) => string, stacked = false) {
  return {
    stacked,
    min: 0,
    max: 1,
    ticks: { callback: (v: string | number) => formatTick(Number(v)), font: CHART_FONT, color: CHART_COLOURS.text, stepSize: 0.25, maxRotation: 0 },
    grid: { color: CHART_COLOURS.grid },
  };
}

/** The y axis of labelled bars: long wording stays in the table, the axis gets what fits. */
export function labelAxis(labels: readonly string[], stacked = false) {
  return {
    stacked,
    ticks: {
      font: CHART_FONT,
      color: CHART_COLOURS.text,
      // chart.js clips a label wider than half the chart.
      callback(this: { chart: { width: number } }, _: unknown, index: number) {
        const label = labels[index] ?? "";
        const max = this.chart.width < 560 ? 16 : 34;
        return label.length > max ? `${label.slice(0, max - 1)}…` : label;
      },
    },
    grid: { display: false },
  };
}
