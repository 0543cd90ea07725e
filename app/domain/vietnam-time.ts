/**
 * Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset is
 * exact for every date this product handles.
 */
export const VIETNAM_TIMEZONE = "Asia/Ho_Chi_Minh";
export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
export const MS_PER_DAY = 24 * 60 * 60 * 1000;

/** The calendar date (YYYY-MM-DD) in Vietnam of an instant. */
export function vietnamDate(instant: Date): string {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The UTC instant at which a Vietnam calendar day starts (00:00 in Vietnam),
 * from its day number (days since 1970-01-01): 17:00 UTC the day before.
 */
export function vietnamDayStart(dayNumber: number): Date {
  return new Date(dayNumber * MS_PER_DAY - VIETNAM_OFFSET_MS);
}

/** An instant as Vietnam wall-clock time with its offset, to the second: `2026-03-01T08:15:00+07:00`. */
export function vietnamIsoTime(instant: Date): string {
  return `${new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}

/** An instant as staff pages show it: Vietnam wall-clock time to the minute, `2026-03-01 08:15`. */
export function vietnamMinute(instant: Date): string {
  return vietnamIsoTime(instant).slice(0, 16).replace("T", " ");
}
