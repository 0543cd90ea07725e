/**
 * The security headers of every response (helmet), set by the Express front
 * (scripts/http-server.ts) before anything answers, static files included.
 * See docs/decisions/012-security-headers-and-trust-proxy.md.
 *
 * - CSP: scripts only from our origin or carrying this response's nonce (the
 *   nonce reaches Remix's <Scripts> through the load context); no inline
 *   script handlers, no plugins; styles may be inline (the citizen's page
 *   inlines its stylesheet; charts and QR codes set style attributes).
 * - Nobody frames our pages (frame-ancestors 'none', X-Frame-Options DENY),
 *   except a route that answers `X-Frame-Options: SAMEORIGIN` itself (the
 *   questionnaire preview, framed by our admin page): see `agreeFraming`.
 * - Referrer-Policy same-origin: a ticket URL (`/s/CODE?t=…`) never leaves
 *   in a Referer, while our own form posts still carry our Origin (under
 *   no-referrer browsers send `Origin: null`, which reads as another site).
 * - HSTS only when asked (NODE_ENV=production): a plain-HTTP development or
 *   test server must not pin the browser to HTTPS.
 */
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler, Response } from "express";
import helmet from "helmet";

export type SecurityHeaderOptions = {
  /** Vite's development server: its HMR client talks over a WebSocket. */
  development: boolean;
  /** Strict-Transport-Security (production only). */
  hsts: boolean;
};

type Locals = { cspNonce?: string };

/** This response's CSP nonce (made by `securityHeaders`, before any route runs). */
export function cspNonceOf(res: Response | ServerResponse): string {
  const locals = (res as Response).locals as Locals | undefined;
  if (!locals?.cspNonce) throw new Error("securityHeaders() must run before the nonce is read");
  return locals.cspNonce;
}

const nonceSource = (_req: IncomingMessage, res: ServerResponse) => `'nonce-${cspNonceOf(res)}'`;

export function contentSecurityDirectives({ development }: Pick<SecurityHeaderOptions, "development">) {
  return {
    "default-src": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
    "script-src": ["'self'", nonceSource],
    "script-src-attr": ["'none'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    // Vite's HMR client opens a WebSocket on its own port in development.
    "connect-src": development ? ["'self'", "ws:", "wss:"] : ["'self'"],
    "frame-src": ["'self'"],
    // The kiosk's service worker (public/kiosk-sw.js) and its web app manifest.
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
  };
}

/** The middlewares that give every response its nonce and security headers. */
export function securityHeaders(options: SecurityHeaderOptions): RequestHandler[] {
  const makeNonce: RequestHandler = (_req, res, next) => {
    (res.locals as Locals).cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  };
  return [
    makeNonce,
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: contentSecurityDirectives(options) },
      strictTransportSecurity: options.hsts ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true } : false,
      referrerPolicy: { policy: "same-origin" },
      xFrameOptions: { action: "deny" },
    }),
  ];
}

/**
 * A route that lets our own pages frame it says `X-Frame-Options: SAMEORIGIN`
 * (the questionnaire preview); its CSP then says the same (frame-ancestors
 * 'self'), since browsers obey frame-ancestors over X-Frame-Options.
 * Call after the route's headers are on `res`.
 */
export function agreeFraming(res: ServerResponse): void {
  if (String(res.getHeader("X-Frame-Options") ?? "").toUpperCase() !== "SAMEORIGIN") return;
  const csp = res.getHeader("Content-Security-Policy");
  if (typeof csp === "string") res.setHeader("Content-Security-Policy", csp.replace("frame-ancestors 'none'", "frame-ancestors 'self'"));
}
