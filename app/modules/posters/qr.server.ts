import QRCode from "qrcode";
import { surveyUrl } from "~/domain/qr-print";
import { env } from "~/env.server";

/** The survey address of a service point (`PUBLIC_BASE_URL/s/CODE`). */
export function pointSurveyUrl(pointCode: string): string {
  return surveyUrl(env().publicBaseUrl, pointCode);
}

/** The survey address of one single-use ticket (`PUBLIC_BASE_URL/s/CODE?t=TICKET`). */
export function ticketSurveyUrl(pointCode: string, ticket: string): string {
  return surveyUrl(env().publicBaseUrl, pointCode, ticket);
}

/**
 * Q (25% of the code may be lost) for posters, which get scuffed, sun-faded
 * and photographed at an angle; M (15%) for small ticket labels, where fewer,
 * larger modules scan better. Four modules of quiet zone, as the standard asks.
 */
export type QrUse = "poster" | "label";
const ERROR_CORRECTION = { poster: "Q", label: "M" } as const;
const QUIET_ZONE_MODULES = 4;

/** The QR as a standalone SVG document that scales to any size (black on white, crisp edges). */
export function qrSvg(text: string, use: QrUse = "poster"): Promise<string> {
  return QRCode.toString(text, {
    type: "svg",
    errorCorrectionLevel: ERROR_CORRECTION[use],
    margin: QUIET_ZONE_MODULES,
    color: { dark: "#000000", light: "#ffffff" },
  });
}

/** 1,600 px square: 13 cm printed at over 300 dpi. */
export const QR_PNG_PIXELS = 1600;

/** The QR as a PNG large enough to print sharply on a poster. */
export function qrPng(text: string, use: QrUse = "poster"): Promise<Buffer> {
  return QRCode.toBuffer(text, {
    type: "png",
    errorCorrectionLevel: ERROR_CORRECTION[use],
    margin: QUIET_ZONE_MODULES,
    width: QR_PNG_PIXELS,
    color: { dark: "#000000", light: "#ffffff" },
  });
}
