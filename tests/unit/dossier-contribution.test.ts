import { describe, expect, test } from "vitest";
import { dossierSummaryChange, type DossierFacts } from "~/domain/dossier-contribution";

const open: DossierFacts = {
  servicePointId: 1,
  sectorId: 2,
  // 1 November in Vietnam (UTC+7).
  receivedAt: "2026-10-31T17:30:00.000Z",
  returnedAt: null,
  lateAt: null,
  apology: null,
  responded: false,
};
const zero = { received: 0, returned: 0, returned_late: 0, ticket_responses: 0, apologies_required: 0, apologies_sent: 0, apologies_sent_in_time: 0 };

describe("a dossier's share of the timeliness roll-up", () => {
  test("a new dossier counts once as received, on its Vietnam date of receipt", () => {
    expect(dossierSummaryChange([{ before: null, after: open }])).toEqual([
      { day: "2026-11-01", servicePointId: 1, sectorId: 2, counts: { ...zero, received: 1 } },
    ]);
  });

  test("a change that moves nothing the roll-up counts adds nothing", () => {
    expect(dossierSummaryChange([{ before: open, after: { ...open } }])).toEqual([]);
  });

  test("becoming late adds its apology on the day it became late, not the day of receipt", () => {
    const late = { ...open, lateAt: "2026-11-10T10:00:00.000Z", apology: { status: "required" as const, sentAt: null, dueBy: "2026-11-11T10:00:00.000Z" } };
    expect(dossierSummaryChange([{ before: open, after: late }])).toEqual([
      { day: "2026-11-10", servicePointId: 1, sectorId: 2, counts: { ...zero, apologies_required: 1 } },
    ]);
  });

  test("a late return counts returned and late on the day of return; an apology sent after its due time is sent but not in time", () => {
    const late = { ...open, lateAt: "2026-11-10T10:00:00.000Z", apology: { status: "required" as const, sentAt: null, dueBy: "2026-11-11T10:00:00.000Z" } };
    const returned = { ...late, returnedAt: "2026-11-12T03:00:00.000Z", apology: { ...late.apology, status: "sent" as const, sentAt: "2026-11-11T10:00:00.001Z" } };
    const byDay = (a: { day: string }, b: { day: string }) => a.day.localeCompare(b.day);
    expect(dossierSummaryChange([{ before: late, after: returned }]).sort(byDay)).toEqual([
      { day: "2026-11-10", servicePointId: 1, sectorId: 2, counts: { ...zero, apologies_sent: 1 } },
      { day: "2026-11-12", servicePointId: 1, sectorId: 2, counts: { ...zero, returned: 1, returned_late: 1 } },
    ]);
  });

  test("an apology sent at its due time is in time; the response through the ticket counts on the return's day", () => {
    const late = { ...open, returnedAt: "2026-11-12T03:00:00.000Z", lateAt: "2026-11-10T10:00:00.000Z" };
    const before = { ...late, apology: { status: "required" as const, sentAt: null, dueBy: "2026-11-11T10:00:00.000Z" } };
    const after = { ...late, responded: true, apology: { status: "sent" as const, sentAt: "2026-11-11T10:00:00.000Z", dueBy: "2026-11-11T10:00:00.000Z" } };
    const change = dossierSummaryChange([{ before, after }]);
    expect(change).toEqual([
      { day: "2026-11-12", servicePointId: 1, sectorId: 2, counts: { ...zero, ticket_responses: 1 } },
      { day: "2026-11-10", servicePointId: 1, sectorId: 2, counts: { ...zero, apologies_sent: 1, apologies_sent_in_time: 1 } },
    ]);
  });

  test("a withdrawn lateness takes its apology and its late return back out", () => {
    const wasLate = { ...open, returnedAt: "2026-11-10T09:00:00.000Z", lateAt: "2026-11-10T08:00:00.000Z", apology: { status: "required" as const, sentAt: null, dueBy: "x" } };
    const onTime = { ...wasLate, lateAt: null, apology: null };
    expect(dossierSummaryChange([{ before: wasLate, after: onTime }])).toEqual([
      { day: "2026-11-10", servicePointId: 1, sectorId: 2, counts: { ...zero, returned_late: -1, apologies_required: -1 } },
    ]);
  });

  test("an apology without lateness (never stored so) counts nothing; changes of several dossiers on one row add up", () => {
    const odd = { ...open, apology: { status: "sent" as const, sentAt: "a", dueBy: "b" } };
    expect(dossierSummaryChange([{ before: null, after: odd }, { before: null, after: { ...open } }])).toEqual([
      { day: "2026-11-01", servicePointId: 1, sectorId: 2, counts: { ...zero, received: 2 } },
    ]);
  });
});
