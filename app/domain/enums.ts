/**
 * The closed sets of values the product is built on. The domain owns them;
 * db/schema.ts types its columns with them and zod schemas enumerate them.
 */

/** Staff accounts sign in with one of these roles. */
export const STAFF_ROLES = ["administrator", "manager", "viewer"] as const;
export type Role = (typeof STAFF_ROLES)[number];

/** API tokens carry a staff role or a machine's: an integration (the one-stop software) or a counter kiosk. */
export const TOKEN_ROLES = ["integration", "kiosk", "viewer", "manager", "administrator"] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** How a target is compared: "at least" (≥) or "over" (>). */
export const COMPARATORS = [">=", ">"] as const;
export type Comparator = (typeof COMPARATORS)[number];

/** The index a sector's target is judged on. */
export const HEADLINE_INDICES = ["overall", "answers", "comprehensive"] as const;
export type HeadlineIndex = (typeof HEADLINE_INDICES)[number];

export const QUESTION_TYPES = ["scale", "choice", "number", "text"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const VERSION_STATUSES = ["draft", "published"] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** How a response reached us: a QR scan, a per-dossier ticket, a kiosk, or the JSON API. */
export const CHANNELS = ["qr", "ticket", "kiosk", "api"] as const;
export type Channel = (typeof CHANNELS)[number];
