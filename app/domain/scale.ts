/** The five satisfaction levels, always shown in words (DOMAIN.md, "Scale"). */
export const SCALE_LEVELS = [1, 2, 3, 4, 5] as const;
export type ScaleLevel = (typeof SCALE_LEVELS)[number];

/** A satisfied answer is level 4 or 5. */
export function isSatisfied(level: number): boolean {
  return level >= 4;
}

/** The value a "no opinion / not applicable" answer carries in forms and the API. */
export const NOT_APPLICABLE = "na";
