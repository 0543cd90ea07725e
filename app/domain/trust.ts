/**
 * Why a response looks suspicious. Suspicious responses are stored with their
 * reasons and kept out of the indices by default — never silently dropped.
 */
export type FlagReason = "honeypot" | "too_fast" | "device_repeat" | "ip_burst";

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
};

export function flagReasons(signals: TrustSignals): FlagReason[] {
  const reasons: FlagReason[] = [];
  if (signals.honeypotFilled) reasons.push("honeypot");
  if (signals.fillSeconds !== null && signals.fillSeconds < signals.minFillSeconds) {
    reasons.push("too_fast");
  }
  if (signals.deviceRepeat) reasons.push("device_repeat");
  if (signals.ipBurst) reasons.push("ip_burst");
  return reasons;
}
