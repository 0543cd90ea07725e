import type { AddressInfo } from "node:net";
import net from "node:net";
import type { Server } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import { afterEach, describe, expect, test, vi } from "vitest";
import type { DB } from "#db/client";
import { parseEnv } from "~/env.server";
import { createLogger } from "~/http/request-log.server";
import type express from "express";
import { answerRemixOriginCheck, createApp, listen } from "../../scripts/http-server";

/*
 * The Express front in this process, in front of a tiny Remix build: what a
 * client sees for a bad Host, an unexpected error, and which address the
 * routes (and so the rate limits) get for a client behind proxies.
 */

/** A build with one resource route, /ip, that answers the client address its load context carries. */
const ECHO_BUILD = {
  mode: "production",
  future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_singleFetch: true, v3_lazyRouteDiscovery: true },
  isSpaMode: false,
  basename: undefined,
  publicPath: "/",
  assetsBuildDirectory: "build/client",
  assets: { entry: { module: "/entry.js", imports: [] }, routes: {}, url: "/manifest.js", version: "test" },
  entry: { module: { default: () => new Response("no documents here", { status: 404 }) } },
  routes: {
    root: { id: "root", path: "", module: {} },
    "routes/ip": {
      id: "routes/ip",
      parentId: "root",
      path: "ip",
      module: { loader: ({ context }: { context: { clientIp: string } }) => Response.json({ ip: context.clientIp }) },
    },
  },
} as unknown as ServerBuild;

const servers: Server[] = [];
/** The JSON lines the front logged in this test. */
let logged: Array<Record<string, unknown>> = [];
afterEach(async () => {
  logged = [];
  vi.restoreAllMocks();
  await Promise.all(
    servers.splice(0).map((s) => {
      s.closeAllConnections();
      return new Promise((resolve) => s.close(resolve));
    }),
  );
});

async function serve(options: Partial<Parameters<typeof createApp>[0]> = {}): Promise<string> {
  const logger = createLogger("info", { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) });
  const app = createApp({ build: ECHO_BUILD, mode: "production", db: {} as DB, logger, ...options });
  const server = await listen(app, 0, "127.0.0.1");
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Sends bytes as they are (fetch refuses a malformed Host) and returns the raw answer. */
function rawRequest(baseUrl: string, text: string): Promise<string> {
  const { port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), "127.0.0.1", () => socket.write(text));
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

async function clientIpSeen(baseUrl: string, forwardedFor?: string): Promise<string> {
  const response = await fetch(`${baseUrl}/ip`, { headers: forwardedFor ? { "X-Forwarded-For": forwardedFor } : {} });
  expect(response.status).toBe(200);
  return ((await response.json()) as { ip: string }).ip;
}

describe("a request the front cannot hand to Remix", () => {
  test("an invalid Host header is a short plain 400, with no stack trace", async () => {
    const answer = await rawRequest(await serve(), "GET /s HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n");
    const [head, body] = answer.split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head).toMatch(/content-type: text\/plain/i);
    expect(head).toMatch(/x-content-type-options: nosniff/i);
    expect(body).toBe("Bad Request\n");
    expect(logged.filter((l) => l.msg !== "request")).toEqual([]);
  });

  test("an unexpected error is a plain 500 'Internal Server Error', logged once as JSON with the request's id and never shown", async () => {
    const failing = () => Promise.reject(new Error(`boom in ${process.cwd()}/app/secret-place.ts`));
    const response = await fetch(`${await serve({ build: failing })}/s`);
    const body = await response.text();
    expect(response.status).toBe(500);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/plain/);
    expect(body).toBe("Internal Server Error\n");
    expect(body).not.toContain(process.cwd());
    const errors = logged.filter((l) => l.msg === "unexpected error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ level: 50, requestId: response.headers.get("X-Request-Id"), err: { message: expect.stringContaining("boom") } });
  });
});

describe("the client address the routes and rate limits see (TRUST_PROXY)", () => {
  const trust = (value?: string) => parseEnv({ DATABASE_URL: ":memory:", TRUST_PROXY: value }).trustProxy;

  test("unset: the socket address, whatever X-Forwarded-For says", async () => {
    const baseUrl = await serve({ trustProxy: trust(undefined) });
    expect(await clientIpSeen(baseUrl)).toBe("127.0.0.1");
    expect(await clientIpSeen(baseUrl, "198.51.100.7")).toBe("127.0.0.1");
    expect(await clientIpSeen(baseUrl, "198.51.100.7, 203.0.113.9")).toBe("127.0.0.1");
  });

  test("a number N: the address N hops back in X-Forwarded-For", async () => {
    const oneHop = await serve({ trustProxy: trust("1") });
    expect(await clientIpSeen(oneHop, "198.51.100.7")).toBe("198.51.100.7");
    // A client's own X-Forwarded-For before the proxy's entry is not believed.
    expect(await clientIpSeen(oneHop, "10.9.9.9, 198.51.100.7")).toBe("198.51.100.7");
    expect(await clientIpSeen(oneHop)).toBe("127.0.0.1");
    const twoHops = await serve({ trustProxy: trust("2") });
    expect(await clientIpSeen(twoHops, "198.51.100.7, 203.0.113.9")).toBe("198.51.100.7");
  });

  test("a list of proxies: only those may name the client", async () => {
    const trusted = await serve({ trustProxy: trust("127.0.0.1") });
    expect(await clientIpSeen(trusted, "198.51.100.7")).toBe("198.51.100.7");
    const other = await serve({ trustProxy: trust("10.0.0.1, 192.168.0.0/16") });
    expect(await clientIpSeen(other, "198.51.100.7")).toBe("127.0.0.1");
  });
});

describe("Strict-Transport-Security", () => {
  test("only when asked (NODE_ENV=production): a plain-HTTP server must not pin browsers to HTTPS", async () => {
    const plain = await fetch(`${await serve()}/ip`);
    expect(plain.headers.get("Strict-Transport-Security")).toBeNull();
    const production = await fetch(`${await serve({ hsts: true })}/ip`);
    expect(production.headers.get("Strict-Transport-Security")).toMatch(/max-age=31536000/);
  });
});

describe("a post whose Origin Remix's own check would answer with an empty 500", () => {
  /** The request as the front hands it on: Origin and Sec-Fetch-Site after the check. */
  function after(headers: Record<string, string>, method = "POST") {
    const lowered: Record<string, string | undefined> = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    const req = { method, protocol: "http", headers: lowered, get: (name: string) => lowered[name.toLowerCase()] } as unknown as express.Request & {
      headers: Record<string, string | undefined>;
    };
    answerRemixOriginCheck(req, "https://hailong.nghean.gov.vn");
    return { origin: req.headers.origin, fetchSite: req.headers["sec-fetch-site"] };
  }

  test("reaches our routes as a post from another site when its Origin is another site's (or null)", () => {
    expect(after({ Host: "app:3000", Origin: "https://evil.example" })).toEqual({ origin: undefined, fetchSite: "cross-site" });
    expect(after({ Host: "app:3000", Origin: "null" })).toEqual({ origin: undefined, fetchSite: "cross-site" });
    expect(after({ Host: "app:3000", Origin: "not a url" })).toEqual({ origin: undefined, fetchSite: "cross-site" });
  });

  test("reaches them as ours when its Origin is our public address (a proxy that rewrote Host)", () => {
    expect(after({ Host: "app:3000", Origin: "https://hailong.nghean.gov.vn" })).toEqual({ origin: undefined, fetchSite: undefined });
    // Remix compares the Host as sent; the origin of the request itself is ours too.
    expect(after({ Host: "App:3000", Origin: "http://app:3000" })).toEqual({ origin: undefined, fetchSite: undefined });
  });

  test("is left alone when Remix would let it through, or is not a post", () => {
    expect(after({ Host: "app:3000", Origin: "http://app:3000" })).toEqual({ origin: "http://app:3000", fetchSite: undefined });
    expect(after({ Host: "app:3000", Origin: "https://evil.example" }, "GET")).toEqual({ origin: "https://evil.example", fetchSite: undefined });
    expect(after({ Host: "app:3000" })).toEqual({ origin: undefined, fetchSite: undefined });
  });
});
