/**
 * Conditional GETs for the public results (RFC 9110 §13.1.2): a response
 * carries a weak ETag; a request whose If-None-Match names it gets a 304
 * with no body. The documents' answer is given in app/entry.server.tsx
 * before rendering; the JSON API answers it itself.
 */

/** `W/"tag"`: weak, because compression may change the bytes of an equal body. */
export function weakEtag(tag: string): string {
  return `W/"${tag.replace(/"/g, "")}"`;
}

/** Whether If-None-Match names this ETag (weak comparison) or is `*`. */
export function ifNoneMatchHits(request: Request, etag: string): boolean {
  const header = request.headers.get("If-None-Match");
  if (!header) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  const wanted = bare(etag);
  return header.split(",").some((t) => t.trim() === "*" || bare(t) === wanted);
}

/** Headers a 304 must repeat from the 200 it stands for. */
const KEPT = ["ETag", "Cache-Control", "Vary", "Content-Location", "Expires", "Access-Control-Allow-Origin", "Access-Control-Expose-Headers"];

/** The 304 for a GET or HEAD whose If-None-Match names the ETag of the 200 it would get; null otherwise. */
export function notModified(request: Request, status: number, headers: Headers): Response | null {
  const etag = headers.get("ETag");
  if (status !== 200 || !etag || (request.method !== "GET" && request.method !== "HEAD") || !ifNoneMatchHits(request, etag)) return null;
  const kept = new Headers();
  for (const name of KEPT) {
    const value = headers.get(name);
    if (value !== null) kept.set(name, value);
  }
  return new Response(null, { status: 304, headers: kept });
}
