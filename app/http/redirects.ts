/**
 * Only same-origin paths: `/dashboard?x=1`, never `//evil.example`,
 * `https://…`, or a path with a backslash or a control character, which
 * browsers drop or read as `/` (`/\t/evil.example` is followed to
 * `//evil.example`).
 */
export function safeRedirectPath(to: string | null | undefined, fallback = "/dashboard"): string {
  // eslint-disable-next-line no-control-regex
  if (!to || !to.startsWith("/") || to.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(to)) return fallback;
  return to;
}
