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
