import type { DB } from "#db/client";
import { displayUrl, downloadFileName } from "~/domain/qr-print";
import {
  getServicePointForPoster,
  listActivePointsUnderAgency,
  listAgencies,
  listServicePoints,
  type AgencyRecord,
  type PosterPointRecord,
  type ServicePointRecord,
} from "~/modules/organisation/organisation.repository.server";
import { pointSurveyUrl, qrPng, qrSvg } from "./qr.server";
import type { Poster } from "./types";

/* QR posters of service points: one at a time, a whole agency's, or the files to download. */

/** What the poster list groups: every agency and every point. */
export async function posterIndex(db: DB): Promise<{ agencies: AgencyRecord[]; points: ServicePointRecord[] }> {
  const [agencies, points] = await Promise.all([listAgencies(db), listServicePoints(db)]);
  return { agencies, points };
}

// The poster speaks to citizens: Vietnamese names, whatever the console's language.
async function posterOf(point: PosterPointRecord): Promise<Poster> {
  const url = pointSurveyUrl(point.code);
  return { code: point.code, pointName: point.name.vi, agencyName: point.agency.name.vi, url, displayUrl: displayUrl(url), svg: await qrSvg(url, "poster") };
}

/** Any point's poster (an inactive point's too, with its state); null when no point has that code. */
export async function pointPoster(db: DB, code: string): Promise<{ active: boolean; poster: Poster } | null> {
  const point = await getServicePointForPoster(db, code);
  return point ? { active: point.active, poster: await posterOf(point) } : null;
}

/** The posters of every active point of an agency and of the agencies under it; null when no agency has that code. */
export async function agencyPosters(db: DB, agencyCode: string): Promise<{ agency: { code: string; name: { vi: string; en: string } }; posters: Poster[] } | null> {
  const found = await listActivePointsUnderAgency(db, agencyCode);
  return found ? { agency: found.agency, posters: await Promise.all(found.points.map(posterOf)) } : null;
}

/**
 * A point's QR as a file (SVG or PNG), or null when no point has that code.
 * `attachment` makes browsers save it under `poster-CODE.ext` rather than show it.
 */
export async function pointQrFile(db: DB, code: string, format: "svg" | "png", { attachment }: { attachment: boolean }): Promise<Response | null> {
  const point = await getServicePointForPoster(db, code);
  if (!point) return null;
  const url = pointSurveyUrl(point.code);
  const headers: Record<string, string> = { "Cache-Control": "private, no-cache", "X-Content-Type-Options": "nosniff" };
  if (attachment) headers["Content-Disposition"] = `attachment; filename="${downloadFileName("poster", point.code, format)}"`;
  if (format === "svg") return new Response(await qrSvg(url, "poster"), { headers: { ...headers, "Content-Type": "image/svg+xml; charset=utf-8" } });
  return new Response(new Uint8Array(await qrPng(url, "poster")), { headers: { ...headers, "Content-Type": "image/png" } });
}
