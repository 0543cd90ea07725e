/**
 * Why a response looks suspicious. Suspicious responses are stored with their
 * reasons and kept out of the indices by default — never silently dropped.
 */
export type FlagReason = "honeypot" | "too_fast" | "device_repeat" | "ip_burst" | "staff" | "kiosk_burst";

export type TrustSignals = {
  /** The hidden field that people never see was filled in. */
  honeypotFilled: boolean;
  /** Seconds from opening the form to sending it; null when unknown (API). */
  fillSeconds: number | null;
  minFillSeconds: number;
  /** This device already answered this service point a moment ago. */
  deviceRepeat: boolean;
  /** Unusually many responses from one address to one service point. */
  ipBurst: boolean;
  /** Sent by a signed-in staff member or with a staff token: they may be rating their own counter. */
  sentByStaff: boolean;
  /** A paired kiosk sent more responses answered within one minute than KIOSK_BURST_PER_MINUTE (app/domain/kiosks.ts). */
  kioskBurst?: boolean;
};

export function flagReasons(signals: TrustSignals): FlagReason[] {
  const reasons: FlagReason[] = [];
  if (signals.honeypotFilled) reasons.push("honeypot");
  if (signals.fillSeconds !== null && signals.fillSeconds < signals.minFillSeconds) {
    reasons.push("too_fast");
  }
  if (signals.deviceRepeat) reasons.push("device_repeat");
  if (signals.ipBurst) reasons.push("ip_burst");
  if (signals.sentByStaff) reasons.push("staff");
  if (signals.kioskBurst) reasons.push("kiosk_burst");
  return reasons;
}

/** What counting one submission against the citizen limits found: refused, or the soft signals. */
export type SubmissionRate =
  | { limited: true; retryAfterSeconds: number }
  | { limited: false; deviceRepeat: boolean; ipBurst: boolean };

/**
 * Counts one submission to a service point from a device (when known) and an
 * address, in `store` (the transaction that stores the response, so the count
 * and the response commit together).
 */
export type SubmissionLimits<Store> = (
  store: Store,
  submission: { servicePointId: number; deviceId: string | null; ip: string },
) => Promise<SubmissionRate>;

/**
 * Who sends a survey, as far as trust goes. Only a machine that stands in
 * for many citizens (a registered kiosk, an integration) is a trusted device:
 * no rate limits and an older capture time. Anyone else is held to the
 * citizen limits; a staff member's response is also flagged `staff`.
 */
export type Submitter<Store> =
  | { kind: "trusted_device"; kiosk?: KioskSender<Store> }
  | { kind: "citizen" | "staff"; limits: SubmissionLimits<Store> };

/**
 * A paired kiosk (app/modules/kiosks): it may only send for its own service
 * point, and `burst` tells, in the storing transaction, whether a response
 * answered at that time makes a kiosk burst.
 */
export type KioskSender<Store> = {
  id: number;
  servicePointId: number;
  burst: (store: Store, answeredAt: Date) => Promise<boolean>;
};
