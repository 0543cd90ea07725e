import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { startApp } from "../setup/app-process";
import { launchPhones } from "../setup/browser";
import { countResponses, openServerDatabase } from "../setup/server-database";
import { csrfOf, signInOnPage } from "./support/admin";
import { signIn } from "./support/callers";
import { administrativeFormFields, newClientId, visibleText } from "./support/submissions";
import { choose, send, VIETNAMESE_CHOICES } from "./support/survey-page";

/*
 * The HTTP boundary as a browser, another site or a raw client meets it:
 * security headers on every response (a CSP nonce on every inline script and
 * no violation in a real browser), posts from other sites refused with a 403
 * (never a 500) and nothing stored, the route's own headers kept (no-store
 * on staff and secret pages, Retry-After on the sign-in 429), a bad Host
 * answered without a stack, and TRUST_PROXY deciding whose address counts.
 */

const baseUrl = inject("baseUrl");
const db = openServerDatabase();
afterAll(() => db.destroy());

const EVIL = "https://evil.example";
const POINT = "TT-DD-01";

type Csp = Map<string, string[]>;

function cspOf(response: Response): Csp {
  const header = response.headers.get("Content-Security-Policy");
  expect(header, `a Content-Security-Policy on ${response.url}`).toBeTruthy();
  return new Map(
    header!
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

/** The headers every response carries, whatever answered it. */
function expectSecurityHeaders(response: Response, { framing = "'none'" } = {}) {
  const csp = cspOf(response);
  expect(csp.get("default-src")).toEqual(["'self'"]);
  expect(csp.get("frame-ancestors")).toEqual([framing]);
  expect(csp.get("object-src")).toEqual(["'none'"]);
  const scripts = csp.get("script-src") ?? [];
  expect(scripts).toContain("'self'");
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(response.headers.get("X-Frame-Options")).toBe(framing === "'none'" ? "DENY" : "SAMEORIGIN");
  expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
  expect(response.headers.get("Referrer-Policy")).toBe("same-origin");
  // The test server runs with NODE_ENV=test over plain HTTP: no HSTS (production only).
  expect(response.headers.get("Strict-Transport-Security")).toBeNull();
}

/** The nonce of the response's CSP; every inline script of its page must carry it. */
function expectNoncedScripts(response: Response, html: string): string {
  const nonce = /^'nonce-(.+)'$/.exec((cspOf(response).get("script-src") ?? []).find((s) => s.startsWith("'nonce-")) ?? "")?.[1];
  expect(nonce, "a nonce in script-src").toBeTruthy();
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
    if (/\bsrc="\/[^/]/.test(tag)) continue; // our own file
    expect(tag).toContain(`nonce="${nonce}"`);
  }
  return nonce!;
}

async function get(pathname: string, cookie?: string): Promise<{ response: Response; html: string }> {
  const response = await fetch(`${baseUrl}${pathname}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
  return { response, html: await response.text() };
}

function postForm(pathname: string, fields: Array<[string, string]> | Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl}${pathname}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
}

/** Sends bytes as they are (fetch will not send a malformed Host) and returns the raw answer. */
function rawRequest(url: string, text: string): Promise<string> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(text));
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

let adminCookie: string;
beforeAll(async () => {
  adminCookie = await signIn("admin@demo.vn");
});

describe("security headers", () => {
  test.each(["/", "/s", `/s/${POINT}`, `/s/${POINT}?lang=en`, `/s/${POINT}?t=not-a-ticket`, "/login", "/s/NO-SUCH-POINT"])(
    "%s has them, and a nonce on every inline script",
    async (pathname) => {
      const { response, html } = await get(pathname);
      expectSecurityHeaders(response);
      expectNoncedScripts(response, html);
    },
  );

  test.each(["/dashboard", "/dashboard/sectors/land", "/admin", "/admin/users", "/admin/questionnaires/tthc", "/account/password"])(
    "the staff page %s has them, a nonce on every inline script, and is never stored",
    async (pathname) => {
      const { response, html } = await get(pathname, adminCookie);
      expect(response.status).toBe(200);
      expectSecurityHeaders(response);
      expectNoncedScripts(response, html);
      expect(response.headers.get("Cache-Control")).toMatch(/\bno-store\b/);
    },
  );

  test("static files, JSON and downloads have them too", async () => {
    for (const pathname of ["/survey.js", "/favicon.svg", "/healthz", "/api/v1/service-points"]) {
      const { response } = await get(pathname, adminCookie);
      expect(response.status, pathname).toBe(200);
      expectSecurityHeaders(response);
    }
    const csv = await get("/dashboard/export/indices.csv", adminCookie);
    expectSecurityHeaders(csv.response);
    expect(csv.response.headers.get("Cache-Control")).toMatch(/\bno-store\b/);
  });

  test("each response has its own nonce", async () => {
    const first = await get("/login");
    const second = await get("/login");
    expect(expectNoncedScripts(first.response, first.html)).not.toBe(expectNoncedScripts(second.response, second.html));
  });

  test("only the questionnaire preview may be framed, and only by our own pages", async () => {
    const { response } = await get("/admin/questionnaires/tthc/frame/1", adminCookie);
    expect(response.status).toBe(200);
    expectSecurityHeaders(response, { framing: "'self'" });
    const page = await get("/admin/questionnaires/tthc/versions/1", adminCookie);
    expect(page.html).toContain("/admin/questionnaires/tthc/frame/1");
    expectSecurityHeaders(page.response);
    expect(cspOf(page.response).get("frame-src")).toEqual(["'self'"]);
  });

  test("the pages work in a browser without one CSP violation: survey (and its post), sign-in, dashboard, charts, admin and the framed preview", async () => {
    const phones = await launchPhones();
    try {
      const phone = await phones.openPhone({ width: 1280 });
      const { page } = phone;
      const violations: string[] = [];
      // Reported by the browser itself, whatever the page's own scripts do.
      await page.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (e) => {
          (window as unknown as { cspViolations?: string[] }).cspViolations ??= [];
          (window as unknown as { cspViolations: string[] }).cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
        });
      });
      page.on("console", (m) => {
        if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => violations.push(`${page.url()}: ${String(e)}`));
      const collect = async () => {
        const found = await page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []);
        violations.push(...found.map((v) => `${page.url()}: ${v}`));
      };

      // The citizen's page without framework JavaScript, and its own post (Referrer-Policy same-origin keeps our Origin).
      const id = await (async () => {
        await page.goto(`/s/${POINT}`);
        const clientId = await page.locator("input[name=id]").inputValue();
        await choose(page, VIETNAMESE_CHOICES);
        const answer = await send(page);
        expect(answer.status()).toBe(303);
        await page.waitForURL(/\/thanks/);
        await collect();
        return clientId;
      })();
      expect(await countResponses(db, { clientId: id })).toBe(1);

      // Sign-in through the hydrated form (a client-side post), then staff pages.
      await signInOnPage(page, "admin@demo.vn", "/dashboard");
      await page.getByRole("heading", { level: 1 }).waitFor();
      await collect();
      await page.goto("/dashboard/sectors/land");
      await page.locator("canvas").first().waitFor();
      await collect();
      await page.goto("/admin/users");
      await page.getByRole("heading", { level: 1 }).waitFor();
      await collect();
      // The preview frame inside an admin page: framing by our own page is allowed.
      await page.goto("/admin/questionnaires/tthc/versions/1");
      const preview = page.frameLocator("iframe.q-preview-frame");
      await preview.locator("form").first().waitFor();
      await collect();

      expect(violations).toEqual([]);
      await phone.close();
    } finally {
      await phones.close();
    }
  }, 120_000);
});

describe("posts from another site", () => {
  const crossSite: Array<[string, Record<string, string>]> = [
    ["an Origin of another site", { Origin: EVIL }],
    ["Origin: null (a sandboxed frame)", { Origin: "null" }],
    ["Sec-Fetch-Site: cross-site", { "Sec-Fetch-Site": "cross-site" }],
  ];

  test.each(crossSite)("a survey post with %s is a 403 page, and nothing is stored", async (_, headers) => {
    const id = newClientId();
    const response = await postForm(`/s/${POINT}`, administrativeFormFields(id), headers);
    expect(response.status).toBe(403);
    expect(response.headers.get("Content-Type")).toContain("text/html");
    expect(visibleText(await response.text())).toContain("Phiếu gửi lên không hợp lệ. Xin tải lại trang và thử lại.");
    expect(await countResponses(db, { clientId: id })).toBe(0);
  });

  test("the survey's own post still goes through with our Origin", async () => {
    const id = newClientId();
    const response = await postForm(`/s/${POINT}`, administrativeFormFields(id), { Origin: baseUrl, "Sec-Fetch-Site": "same-origin" });
    expect(response.status).toBe(303);
    expect(await countResponses(db, { clientId: id })).toBe(1);
  });

  test.each(crossSite)("a sign-in with %s is a 403 page and signs nobody in", async (_, headers) => {
    const response = await postForm("/login", { email: "admin@demo.vn", password: "hailong-demo", redirectTo: "/admin" }, headers);
    expect(response.status).toBe(403);
    expect(response.headers.get("Content-Type")).toContain("text/html");
    expect(visibleText(await response.text())).toContain("Yêu cầu bị từ chối");
    expect(response.headers.getSetCookie().some((c) => c.startsWith("hl_session="))).toBe(false);
  });

  test("a client-side (data) sign-in from another site is refused too, never a 500", async () => {
    const response = await postForm("/login.data", { email: "admin@demo.vn", password: "hailong-demo" }, { Origin: EVIL });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie().some((c) => c.startsWith("hl_session="))).toBe(false);
  });

  test("a sign-in from our own page with our Origin works", async () => {
    const response = await postForm("/login", { email: "viewer@demo.vn", password: "hailong-demo", redirectTo: "/dashboard" }, { Origin: baseUrl });
    expect(response.status).toBe(302);
  });

  test("a sign-out from another site is refused and the session stays; our own sign-out works", async () => {
    const cookie = await signIn("viewer@demo.vn");
    for (const [, headers] of crossSite) {
      const refused = await postForm("/logout", {}, { Cookie: cookie, ...headers });
      expect(refused.status).toBe(403);
      expect(refused.headers.getSetCookie()).toEqual([]);
      expect((await get("/dashboard", cookie)).response.status).toBe(200);
    }
    const ours = await postForm("/logout", {}, { Cookie: cookie, Origin: baseUrl });
    expect(ours.status).toBe(302);
    expect((await get("/dashboard", cookie)).response.status).toBe(302);
  });
});

describe("headers set by a route reach the browser", () => {
  test("the page that shows a new token's secret is never stored", async () => {
    const csrf = await csrfOf(adminCookie, "/admin/tokens/new");
    const response = await postForm(
      "/admin/tokens/new",
      { _csrf: csrf, name: `e2e security ${Date.now()}`, role: "kiosk" },
      { Cookie: adminCookie, Origin: baseUrl },
    );
    expect(response.status).toBe(201);
    expect(await response.text()).toMatch(/hl_[\w-]{20,}/);
    expect(response.headers.get("Cache-Control")).toMatch(/\bno-store\b/);
  });

  test("an administrator's form posted from another site is refused with the admin 403 page, not a 500", async () => {
    const csrf = await csrfOf(adminCookie, "/admin/tokens/new");
    const response = await postForm("/admin/tokens/new", { _csrf: csrf, name: "from evil", role: "kiosk" }, { Cookie: adminCookie, Origin: EVIL });
    expect(response.status).toBe(403);
    expect(await response.text()).not.toMatch(/hl_[\w-]{20,}/);
  });
});

describe("a request no URL can be made of", () => {
  test("`Host: a b` is a short plain 400, with no stack trace or path", async () => {
    const answer = await rawRequest(baseUrl, "GET /s HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n");
    const [head = "", body = ""] = answer.split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head).toMatch(/content-type: text\/plain/i);
    expect(head).toMatch(/x-content-type-options: nosniff/i);
    expect(body.trim()).toBe("Bad Request");
  });
});

/*
 * Sign-in limits behind proxies, on servers of this file's own (the shared
 * server must not have its address locked out for the other test files).
 */

type OwnServer = { url: string; stop: () => Promise<void> };

async function startOwnServer(env: Record<string, string>): Promise<OwnServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-e2e-proxy-"));
  const database = path.join(dir, "app.db");
  fs.copyFileSync(inject("templateDatabase"), database);
  const server = await startApp(`file:${database}`, { env });
  const url = server.baseUrl;
  return {
    url,
    stop: async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A wrong password for a different unknown account each time (so only the per-address limit counts). */
let guess = 0;
function wrongSignIn(server: OwnServer, forwardedFor: string): Promise<Response> {
  guess += 1;
  return fetch(`${server.url}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": forwardedFor },
    body: new URLSearchParams({ email: `nobody-${guess}@example.vn`, password: "wrong-password" }).toString(),
    redirect: "manual",
  });
}

describe("whose address the sign-in limit counts (TRUST_PROXY)", () => {
  test("unset: X-Forwarded-For changes nothing; 30 failures from one socket lock it out, with Retry-After", async () => {
    const server = await startOwnServer({});
    try {
      for (let i = 1; i <= 30; i++) expect((await wrongSignIn(server, `198.51.100.${i}`)).status).toBe(401);
      const refused = await wrongSignIn(server, "203.0.113.77");
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get("Retry-After"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect(refused.headers.get("Cache-Control")).toMatch(/\bno-store\b/);
    } finally {
      await server.stop();
    }
  }, 120_000);

  test("TRUST_PROXY=1: the proxy's X-Forwarded-For names the client, so one client's failures lock out only that client", async () => {
    const server = await startOwnServer({ TRUST_PROXY: "1" });
    try {
      for (let i = 0; i < 30; i++) expect((await wrongSignIn(server, "198.51.100.7")).status).toBe(401);
      const refused = await wrongSignIn(server, "198.51.100.7");
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
      expect((await wrongSignIn(server, "198.51.100.8")).status).toBe(401);
    } finally {
      await server.stop();
    }
  }, 120_000);

  test("a bad TRUST_PROXY stops the server with one line naming it", async () => {
    const server = startOwnServer({ TRUST_PROXY: "everyone" });
    await expect(server).rejects.toThrow(/Invalid environment variable TRUST_PROXY: /);
  }, 60_000);
});
