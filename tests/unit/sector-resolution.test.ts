import { describe, expect, test } from "vitest";
import { needsSectorChoice, resolveSector } from "~/domain/sector-resolution";

const land = { id: 1, code: "land" };
const construction = { id: 2, code: "construction" };
const admin = { id: 3, code: "admin" };
const oneStop = [land, construction, admin];

describe("the sector a response counts for", () => {
  test("is the one a ticket names, whatever else was chosen", () => {
    expect(resolveSector(oneStop, { ticketSectorId: 3, chosenCode: null })).toEqual({ ok: true, sector: admin });
    expect(resolveSector(oneStop, { ticketSectorId: 3, chosenCode: "land" })).toEqual({ ok: true, sector: admin });
  });

  test("is implied by a point that serves one sector", () => {
    expect(resolveSector([land], { chosenCode: null })).toEqual({ ok: true, sector: land });
    expect(resolveSector([land], { chosenCode: "land" })).toEqual({ ok: true, sector: land });
  });

  test("at a point serving one sector, another sector's code is refused", () => {
    expect(resolveSector([land], { chosenCode: "construction" })).toEqual({ ok: false, error: "sector_invalid" });
  });

  test("at a point serving several, is the citizen's choice, which is required and must be one of them", () => {
    expect(resolveSector(oneStop, { chosenCode: "construction" })).toEqual({ ok: true, sector: construction });
    expect(resolveSector(oneStop, { chosenCode: null })).toEqual({ ok: false, error: "sector_required" });
    expect(resolveSector(oneStop, { chosenCode: "health" })).toEqual({ ok: false, error: "sector_invalid" });
  });

  test("a ticket whose sector the point no longer serves names nothing: the usual rules apply", () => {
    expect(resolveSector(oneStop, { ticketSectorId: 9, chosenCode: null })).toEqual({ ok: false, error: "sector_required" });
    expect(resolveSector([land], { ticketSectorId: 9, chosenCode: null })).toEqual({ ok: true, sector: land });
  });
});

describe("asking the citizen for the sector", () => {
  test("only at a point serving several sectors, when no ticket names one of them", () => {
    expect(needsSectorChoice(oneStop, null)).toBe(true);
    expect(needsSectorChoice(oneStop, 2)).toBe(false);
    expect(needsSectorChoice(oneStop, 9)).toBe(true);
    expect(needsSectorChoice([land], null)).toBe(false);
  });
});
