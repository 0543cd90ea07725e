import { beforeAll, describe, expect, test } from "vitest";
import { periodKeyOf } from "~/domain/periods";
import { vietnamDate } from "~/domain/vietnam-time";
import { csrfOf, postAdminForm } from "./support/admin";
import { getAs, signIn } from "./support/callers";

/**
 * /admin/plan and /admin/publication as the production build renders them:
 * every address a visitor can type renders (never a 500), and a refused form
 * is shown again with its errors. Nothing here changes the shared server's data.
 */
let admin = "";
let csrf = "";
beforeAll(async () => {
  admin = await signIn("admin@demo.vn");
  csrf = await csrfOf(admin, "/admin/plan");
});

const TODAY = vietnamDate(new Date());
const YEAR = Number(TODAY.slice(0, 4));

describe("/admin/plan renders", () => {
  test.each([
    ["the current year", "/admin/plan", /tthc-all/],
    ["a year", `/admin/plan?year=${YEAR}`, /tthc-all/],
    ["an empty year, with the copy form", "/admin/plan?year=2090", /name="fromYear"/],
    ["an indicator being edited", `/admin/plan?year=${YEAR}&edit=1`, /name="indicatorId"/],
    ["a missing indicator to edit", `/admin/plan?year=${YEAR}&edit=999999`, /name="key"/],
    ["a hostile edit", `/admin/plan?year=${YEAR}&edit=%3Cscript%3E`, /name="key"/],
  ])("%s", async (_, path, expected) => {
    const response = await getAs({ cookie: admin }, path);
    expect(response.status, path).toBe(200);
    expect(await response.text()).toMatch(expected);
  });

  test.each([["/admin/plan?year=abc"], ["/admin/plan?year=1999"]])("%s is a 404 page", async (path) => {
    const response = await getAs({ cookie: admin }, path);
    expect(response.status).toBe(404);
  });

  test("a refused indicator is shown again with its errors beside the fields, and what was typed", async () => {
    const response = await postAdminForm(
      admin,
      `/admin/plan?year=${YEAR}`,
      {
        intent: "add",
        key: "Bad Key",
        nameVi: "<b>Tên</b>",
        nameEn: "",
        scope: "sectors",
        measure: "headline",
        value: "101",
        comparator: ">=",
        minSample: "0",
        sortOrder: "10",
      },
      { csrf },
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Sai định dạng.");
    expect(html).toContain("Không được lớn hơn 100.");
    expect(html).toContain("&lt;b&gt;Tên&lt;/b&gt;");
    expect(html).not.toContain("<b>Tên</b>");
  });

  test("a duplicate key is shown beside the key", async () => {
    const response = await postAdminForm(
      admin,
      `/admin/plan?year=${YEAR}`,
      { intent: "add", key: "tthc-all", nameVi: "A", nameEn: "A", scope: "all", measure: "overall", value: "80", comparator: ">=", minSample: "30", sortOrder: "10" },
      { csrf },
    );
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("Mã này đã được dùng");
  });
});

describe("/admin/publication renders", () => {
  test.each([
    ["the page", "/admin/publication"],
    ["a publication's flash", `/admin/publication?published=${periodKeyOf(TODAY, "year")}&revision=1`],
    // These were a 500: the flash read any `published` as a period.
    ["a flash naming no period", "/admin/publication?published=garbage&revision=1"],
    ["a flash naming a day", `/admin/publication?published=${TODAY}&revision=1`],
    ["a flash naming a week", "/admin/publication?published=2026-W01"],
    ["a hostile flash", "/admin/publication?published=%3Cscript%3Ealert(1)%3C%2Fscript%3E"],
  ])("%s", async (_, path) => {
    const response = await getAs({ cookie: admin }, path);
    expect(response.status, path).toBe(200);
    const html = await response.text();
    expect(html).toContain(`data-period="${periodKeyOf(TODAY, "month")}"`);
    expect(html).not.toContain("<script>alert(1)</script>");
  });

  test("publishing the open month is refused on the page, and nothing is published", async () => {
    const response = await postAdminForm(admin, "/admin/publication", { intent: "publish", period: periodKeyOf(TODAY, "month") }, { csrf });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("Kỳ này chưa kết thúc");
  });

  test("a malformed period and an overlong note are refused on the page", async () => {
    expect((await postAdminForm(admin, "/admin/publication", { intent: "publish", period: "2026-13" }, { csrf })).status).toBe(400);
    const response = await postAdminForm(admin, "/admin/publication", { intent: "publish", period: "2026-13", note: "x".repeat(501) }, { csrf });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Tối đa 500 ký tự.");
  });
});
