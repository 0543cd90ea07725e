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
