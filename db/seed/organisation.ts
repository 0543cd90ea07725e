import { createRandom } from "./random";

/** A small Nghe An-like organisation (two-level local government, since 1 July 2025). */
export type SeedSector = {
  code: string;
  vi: string;
  en: string;
  questionnaire: string;
  target: { value: number; comparator: ">=" | ">"; headline: "overall" | "answers" | "comprehensive" };
};

export const SECTORS: SeedSector[] = [
  { code: "land", vi: "Đất đai", en: "Land", questionnaire: "tthc", target: { value: 0.85, comparator: ">", headline: "overall" } },
  { code: "construction", vi: "Xây dựng", en: "Construction", questionnaire: "tthc", target: { value: 0.85, comparator: ">", headline: "overall" } },
  { code: "investment", vi: "Đầu tư", en: "Investment", questionnaire: "tthc", target: { value: 0.85, comparator: ">", headline: "overall" } },
  { code: "health", vi: "Y tế", en: "Health", questionnaire: "health-outpatient", target: { value: 0.85, comparator: ">", headline: "answers" } },
  { code: "education", vi: "Giáo dục", en: "Education", questionnaire: "education", target: { value: 0.85, comparator: ">", headline: "overall" } },
  { code: "admin", vi: "Thủ tục hành chính khác", en: "Other administrative procedures", questionnaire: "tthc", target: { value: 0.9, comparator: ">=", headline: "overall" } },
];

export type SeedAgency = { code: string; parent?: string; vi: string; en: string };

export const AGENCIES: SeedAgency[] = [
  { code: "ttphvhcc", vi: "Trung tâm Phục vụ hành chính công tỉnh Nghệ An", en: "Nghe An Provincial Public Administrative Service Centre" },
  { code: "so-nnmt", parent: "ttphvhcc", vi: "Sở Nông nghiệp và Môi trường (quầy đất đai)", en: "Department of Agriculture and Environment (land desk)" },
  { code: "so-xd", parent: "ttphvhcc", vi: "Sở Xây dựng", en: "Department of Construction" },
  { code: "so-tc", parent: "ttphvhcc", vi: "Sở Tài chính (đầu tư)", en: "Department of Finance (investment)" },
  { code: "xa-hung-nguyen", vi: "Trung tâm Phục vụ hành chính công xã Hưng Nguyên", en: "Hung Nguyen Commune Public Service Centre" },
  { code: "phuong-thanh-vinh", vi: "Trung tâm Phục vụ hành chính công phường Thành Vinh", en: "Thanh Vinh Ward Public Service Centre" },
  { code: "bv-hnda", vi: "Bệnh viện Hữu nghị Đa khoa Nghệ An", en: "Nghe An Friendship General Hospital" },
  { code: "thpt-htk", vi: "Trường THPT Huỳnh Thúc Kháng", en: "Huynh Thuc Khang High School" },
];

export type SeedServicePoint = {
  code: string;
  agency: string;
  vi: string;
  en: string;
  sectors: string[];
  /** Synthetic data: how satisfied this point's citizens tend to be (0 = average). */
  quality: number;
  /** Synthetic data: this point's share of responses. */
  weight: number;
};

export const SERVICE_POINTS: SeedServicePoint[] = [
  { code: "TT-DD-01", agency: "so-nnmt", vi: "Quầy số 1 — Đất đai", en: "Counter 1 — Land", sectors: ["land"], quality: 0.35, weight: 14 },
  { code: "TT-DD-02", agency: "so-nnmt", vi: "Quầy số 2 — Đất đai", en: "Counter 2 — Land", sectors: ["land"], quality: -0.55, weight: 12 },
  { code: "TT-XD-01", agency: "so-xd", vi: "Quầy số 5 — Xây dựng", en: "Counter 5 — Construction", sectors: ["construction"], quality: 0.1, weight: 9 },
  { code: "TT-DT-01", agency: "so-tc", vi: "Quầy số 8 — Đầu tư", en: "Counter 8 — Investment", sectors: ["investment"], quality: 0.6, weight: 5 },
  { code: "HN-01", agency: "xa-hung-nguyen", vi: "Bộ phận Một cửa xã Hưng Nguyên", en: "Hung Nguyen one-stop desk", sectors: ["land", "construction", "admin"], quality: -0.2, weight: 10 },
  { code: "TV-01", agency: "phuong-thanh-vinh", vi: "Quầy 1 — Đất đai, xây dựng", en: "Desk 1 — Land and construction", sectors: ["land", "construction"], quality: 0.2, weight: 8 },
  { code: "TV-02", agency: "phuong-thanh-vinh", vi: "Quầy 2 — Hộ tịch, chứng thực", en: "Desk 2 — Civil status and certification", sectors: ["admin"], quality: 0.9, weight: 10 },
  { code: "BV-KKB", agency: "bv-hnda", vi: "Khoa Khám bệnh", en: "Outpatient Department", sectors: ["health"], quality: -0.35, weight: 16 },
  { code: "BV-NHI", agency: "bv-hnda", vi: "Khoa Nhi", en: "Paediatrics", sectors: ["health"], quality: 0.7, weight: 7 },
  { code: "HTK-VP", agency: "thpt-htk", vi: "Văn phòng nhà trường", en: "School office", sectors: ["education"], quality: 0.4, weight: 0.6 },
];

export const DEMO_PASSWORD = "hailong-demo";

export type SeedUser = { email: string; name: string; role: "administrator" | "manager" | "viewer"; sectors: string[] };

export const USERS: SeedUser[] = [
  { email: "admin@demo.vn", name: "Quản trị viên", role: "administrator", sectors: [] },
  ...SECTORS.map((s) => ({
    email: `manager.${s.code}@demo.vn`,
    name: `Lãnh đạo ngành ${s.vi}`,
    role: "manager" as const,
    sectors: [s.code],
  })),
  { email: "viewer@demo.vn", name: "Người xem", role: "viewer", sectors: [] },
];

/* ---------------------------------------------------------------------------
 * A larger province for benchmarks (`db:seed -- --points N`): the demo points
 * first, then generated ones — commune one-stop desks, provincial counters,
 * hospital departments and school offices, in the demo's proportions — each
 * a pure function of its number, so the same N gives the same organisation.
 * ------------------------------------------------------------------------ */

const GENERATED_PREFIX = "DV-";

/** The generated point number `i` (0-based) and the agency it belongs to. */
export function generatedServicePoint(i: number): { point: SeedServicePoint; agency: SeedAgency | null } {
  const random = createRandom(1_000_003 + i);
  const code = `${GENERATED_PREFIX}${String(i + 1).padStart(4, "0")}`;
  const cycle = Math.floor(i / 20);
  const slot = i % 20;
  const number = (n: number) => String(n).padStart(3, "0");
  const traits = { quality: Math.round(random.normal() * 50) / 100, weight: 1 + Math.round(random.next() * 90) / 10 };
  if (slot < 12) {
    // Four communes a cycle, three desks each.
    const commune = cycle * 4 + Math.floor(slot / 3) + 1;
    const desk = (slot % 3) + 1;
    const sectors = [["land", "construction", "admin"], ["admin"], ["land", "admin"]][slot % 3]!;
    return {
      agency: { code: `xa-${number(commune)}`, vi: `Trung tâm Phục vụ hành chính công xã số ${commune}`, en: `Commune ${commune} Public Service Centre` },
      point: { code, agency: `xa-${number(commune)}`, vi: `Xã số ${commune} — quầy ${desk}`, en: `Commune ${commune} — desk ${desk}`, sectors, ...traits },
    };
  }
  if (slot < 15) {
    const [agency, sector] = ([["so-nnmt", "land"], ["so-xd", "construction"], ["so-tc", "investment"]] as const)[slot - 12]!;
    const counter = 10 + cycle;
    return { agency: null, point: { code, agency, vi: `Quầy số ${counter} — ${agency}`, en: `Counter ${counter} — ${agency}`, sectors: [sector], ...traits } };
  }
  if (slot < 18) {
    const hospital = cycle + 1;
    const ward = slot - 14;
    return {
      agency: { code: `bv-${number(hospital)}`, vi: `Bệnh viện đa khoa số ${hospital}`, en: `General Hospital ${hospital}` },
      point: { code, agency: `bv-${number(hospital)}`, vi: `Bệnh viện số ${hospital} — khoa ${ward}`, en: `Hospital ${hospital} — ward ${ward}`, sectors: ["health"], ...traits, weight: traits.weight * 1.5 },
    };
  }
  const school = cycle * 2 + (slot - 17);
  return {
    agency: { code: `thpt-${number(school)}`, vi: `Trường THPT số ${school}`, en: `High School ${school}` },
    point: { code, agency: `thpt-${number(school)}`, vi: `Văn phòng trường số ${school}`, en: `School ${school} office`, sectors: ["education"], ...traits, weight: traits.weight * 0.2 },
  };
}

/** The agencies and service points of an organisation with `points` points: the demo's, then generated ones. */
export function organisationWithPoints(points: number): { agencies: SeedAgency[]; servicePoints: SeedServicePoint[] } {
  const agencies = [...AGENCIES];
  const servicePoints = SERVICE_POINTS.slice(0, points);
  for (let i = 0; i < points - SERVICE_POINTS.length; i++) {
    const { point, agency } = generatedServicePoint(i);
    if (agency && !agencies.some((a) => a.code === agency.code)) agencies.push(agency);
    servicePoints.push(point);
  }
  return { agencies, servicePoints };
}

/** The synthetic traits of a seeded point, demo or generated, by its code (null for a point the seed did not make). */
export function seedPointTraits(code: string): { quality: number; weight: number } | null {
  const demo = SERVICE_POINTS.find((p) => p.code === code);
  if (demo) return demo;
  const match = new RegExp(`^${GENERATED_PREFIX}(\\d{4})$`).exec(code);
  return match ? generatedServicePoint(Number(match[1]) - 1).point : null;
}
