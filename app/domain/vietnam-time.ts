/**
 * Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset is
 * exact for every date this product handles.
 */
export const VIETNAM_TIMEZONE = "Asia/Ho_Chi_Minh";
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The calendar date (YYYY-MM-DD) in Vietnam of an instant. */
export function vietnamDate(instant: Date): string {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}
