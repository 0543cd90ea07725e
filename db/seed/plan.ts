import type { PlanMeasure, PlanScope } from "../../app/domain/plan";

export type SeedIndicator = {
  key: string;
  vi: string;
  en: string;
  scope: PlanScope;
  sectors?: string[];
  measure: PlanMeasure;
  value: number;
  comparator: ">=" | ">";
  minSample?: number;
};

/**
 * The seed plan (DOMAIN.md, "The plan as data"): Nghe An's 2024 plan carried
 * to the demo's years. The 90% is for the TTHC sectors together, not for
 * "other procedures" alone.
 */
export const DEMO_PLAN: readonly SeedIndicator[] = [
  {
    key: "tthc-all",
    vi: "Sự hài lòng về giải quyết thủ tục hành chính (các lĩnh vực TTHC)",
    en: "Satisfaction with administrative procedures (all procedure sectors)",
    scope: "sectors",
    sectors: ["land", "construction", "investment", "admin"],
    measure: "headline",
    value: 0.9,
    comparator: ">=",
  },
  { key: "tthc-land", vi: "Sự hài lòng về TTHC lĩnh vực đất đai", en: "Satisfaction with land procedures", scope: "sectors", sectors: ["land"], measure: "headline", value: 0.85, comparator: ">" },
  { key: "tthc-construction", vi: "Sự hài lòng về TTHC lĩnh vực xây dựng", en: "Satisfaction with construction procedures", scope: "sectors", sectors: ["construction"], measure: "headline", value: 0.85, comparator: ">" },
  { key: "tthc-investment", vi: "Sự hài lòng về TTHC lĩnh vực đầu tư", en: "Satisfaction with investment procedures", scope: "sectors", sectors: ["investment"], measure: "headline", value: 0.85, comparator: ">" },
  {
    key: "state-services",
    vi: "Sự hài lòng về sự phục vụ của cơ quan hành chính nhà nước",
    en: "Satisfaction with the services of state administrative agencies",
    scope: "all",
    measure: "overall",
    value: 0.86,
    comparator: ">",
  },
  { key: "health", vi: "Sự hài lòng về dịch vụ y tế công", en: "Satisfaction with public health services", scope: "sectors", sectors: ["health"], measure: "headline", value: 0.85, comparator: ">" },
  { key: "education", vi: "Sự hài lòng về dịch vụ giáo dục công", en: "Satisfaction with public education services", scope: "sectors", sectors: ["education"], measure: "headline", value: 0.85, comparator: ">" },
  { key: "on-time", vi: "Hồ sơ TTHC được giải quyết đúng hạn", en: "Procedure dossiers handled on time", scope: "all", measure: "on_time", value: 0.95, comparator: ">=" },
  {
    key: "apologies",
    vi: "Hồ sơ trễ hạn được xin lỗi kịp thời",
    en: "Late dossiers given a timely apology",
    scope: "all",
    measure: "apology",
    value: 1,
    comparator: ">=",
    minSample: 1,
  },
];
