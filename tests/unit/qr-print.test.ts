import { describe, expect, test } from "vitest";
import { displayUrl, downloadFileName, groupPostersByAgency, LABELS_PER_PAGE, paginate, surveyUrl, type PosterAgency, type PosterPoint } from "~/domain/qr-print";
import { TicketRequestSchema } from "~/domain/ticket-request";

describe("survey addresses", () => {
  test("a point's survey is BASE/s/CODE, a ticket's adds ?t=TOKEN", () => {
    expect(surveyUrl("https://hailong.nghean.gov.vn", "TT-DD-01")).toBe("https://hailong.nghean.gov.vn/s/TT-DD-01");
    expect(surveyUrl("https://hailong.nghean.gov.vn/", "HN-01", "AbC_d-12xyZ9")).toBe("https://hailong.nghean.gov.vn/s/HN-01?t=AbC_d-12xyZ9");
  });

  test("anything unusual in a code or token is percent-encoded, never a second path or parameter", () => {
    expect(surveyUrl("http://x", "A/B?c", "t&u=v")).toBe("http://x/s/A%2FB%3Fc?t=t%26u%3Dv");
  });

  test("reads for typing without the scheme or a trailing slash", () => {
    expect(displayUrl("https://hailong.nghean.gov.vn/s/TT-DD-01")).toBe("hailong.nghean.gov.vn/s/TT-DD-01");
    expect(displayUrl("http://127.0.0.1:3000/")).toBe("127.0.0.1:3000");
  });

  test("download names keep only safe characters", () => {
    expect(downloadFileName("poster", "TT-DD-01", "svg")).toBe("poster-TT-DD-01.svg");
    expect(downloadFileName("poster", 'a"b\r\n/../c', "png")).toBe("poster-a_b______c.png");
  });
});

describe("label sheets", () => {
  test("21 labels (3 × 7) per A4 page; the last page holds the rest; no empty page", () => {
    expect(LABELS_PER_PAGE).toBe(21);
    const items = Array.from({ length: 44 }, (_, i) => i);
    expect(paginate(items).map((p) => p.length)).toEqual([21, 21, 2]);
    expect(paginate(items.slice(0, 21)).map((p) => p.length)).toEqual([21]);
    expect(paginate([])).toEqual([]);
    expect(paginate([1, 2, 3], 2)).toEqual([[1, 2], [3]]);
    expect(() => paginate([1], 0)).toThrow(RangeError);
  });
});

describe("the poster list", () => {
  const agencies: PosterAgency[] = [
    { id: 1, code: "centre", parentId: null, name: "Trung tâm", active: true },
    { id: 2, code: "desk-b", parentId: 1, name: "Sở B", active: true },
    { id: 3, code: "desk-a", parentId: 1, name: "Sở A", active: true },
    { id: 4, code: "hospital", parentId: null, name: "Bệnh viện", active: true },
    { id: 5, code: "empty", parentId: null, name: "Cơ quan trống", active: true },
    { id: 6, code: "old", parentId: null, name: "Ảnh cũ", active: false },
    { id: 7, code: "loop", parentId: 7, name: "Vòng lặp", active: true },
  ];
  const points: PosterPoint[] = [
    { code: "B-02", name: "Quầy 2", agencyId: 2, active: false },
    { code: "B-01", name: "Quầy 1", agencyId: 2, active: true },
    { code: "A-01", name: "Quầy A", agencyId: 3, active: true },
    { code: "H-01", name: "Khoa", agencyId: 4, active: true },
    { code: "O-01", name: "Cũ", agencyId: 6, active: false },
    { code: "L-01", name: "Lặp", agencyId: 7, active: true },
  ];

  test("active agencies first, in tree order; a centre's desks follow it; points active first", () => {
    const groups = groupPostersByAgency(agencies, points);
    expect(groups.map((g) => [g.agency.code, g.agency.depth, g.printable])).toEqual([
      ["hospital", 0, 1],
      ["centre", 0, 2],
      ["desk-a", 1, 1],
      ["desk-b", 1, 1],
      ["loop", 0, 1],
      ["old", 0, 0],
    ]);
    expect(groups.find((g) => g.agency.code === "desk-b")!.points.map((p) => p.code)).toEqual(["B-01", "B-02"]);
  });

  test("an agency with no point anywhere under it is left out", () => {
    expect(groupPostersByAgency(agencies, points).some((g) => g.agency.code === "empty")).toBe(false);
    expect(groupPostersByAgency(agencies, [])).toEqual([]);
  });
});

describe("the ticket request", () => {
  test("accepts dossier codes as one-stop software prints them", () => {
    for (const dossierCode of ["000.00.12.H42-251126-0001", "HS/2026/123", "Hồ sơ 12", "A:1#2_3"]) {
      expect(TicketRequestSchema.safeParse({ servicePoint: "TT-DD-01", dossierCode }).success, dossierCode).toBe(true);
    }
  });

  test("refuses control characters, markup, double or edge spaces and more than 64 characters", () => {
    for (const dossierCode of ["a\u0007", "<b>", "a  b", " a", "a ", "x".repeat(65), "a\u200Bb"]) {
      expect(TicketRequestSchema.safeParse({ servicePoint: "TT-DD-01", dossierCode }).success, JSON.stringify(dossierCode)).toBe(false);
    }
  });
});
