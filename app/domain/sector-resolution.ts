/**
 * Which sector a response (or a ticket) counts for. One rule for the survey
 * form, the JSON API and both ways of minting tickets.
 */

type ServedSector = { id: number; code: string };

export type SectorError = "sector_required" | "sector_invalid";

export type SectorResolution<S> = { ok: true; sector: S } | { ok: false; error: SectorError };

/**
 * A ticket names its sector; a point that serves one sector implies it (a
 * code sent anyway must be that one); otherwise the citizen chose among the
 * point's sectors, and must have.
 */
export function resolveSector<S extends ServedSector>(
  servedSectors: readonly S[],
  given: { ticketSectorId?: number | null; chosenCode: string | null },
): SectorResolution<S> {
  const fromTicket = given.ticketSectorId == null ? undefined : servedSectors.find((s) => s.id === given.ticketSectorId);
  if (fromTicket) return { ok: true, sector: fromTicket };
  if (given.chosenCode === null) {
    return servedSectors.length === 1 ? { ok: true, sector: servedSectors[0]! } : { ok: false, error: "sector_required" };
  }
  const chosen = servedSectors.find((s) => s.code === given.chosenCode);
  return chosen ? { ok: true, sector: chosen } : { ok: false, error: "sector_invalid" };
}

/** Whether the citizen must be asked for the sector: the point serves several and no ticket names one of them. */
export function needsSectorChoice(servedSectors: readonly ServedSector[], ticketSectorId: number | null): boolean {
  return servedSectors.length > 1 && !servedSectors.some((s) => s.id === ticketSectorId);
}
