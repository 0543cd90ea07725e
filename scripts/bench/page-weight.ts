import http from "node:http";
import zlib from "node:zlib";

export type Transfer = {
  url: string;
  kind: "html" | "css" | "js";
  status: number;
  /** Body bytes as they crossed the wire (compressed when the server compressed). */
  wireBytes: number;
  /** Body bytes once decompressed. */
  bytes: number;
  encoding: string;
};

export type PageWeight = {
  withJs: { bytes: number; files: Transfer[] };
  withoutJs: { bytes: number; files: Transfer[] };
};

/** GET with `Accept-Encoding: gzip`; node:http never decompresses, so the byte count is the wire's. */
function getGzipped(url: string): Promise<{ status: number; encoding: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { "Accept-Encoding": "gzip" } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          encoding: response.headers["content-encoding"] ?? "identity",
          body: Buffer.concat(chunks),
        }),
      );
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

async function transfer(url: string, kind: Transfer["kind"]): Promise<{ transfer: Transfer; text: string }> {
  const { status, encoding, body } = await getGzipped(url);
  const plain = encoding === "gzip" ? zlib.gunzipSync(body) : body;
  if (status !== 200) throw new Error(`GET ${url} answered ${status}`);
  return {
    transfer: { url: new URL(url).pathname, kind, status, wireBytes: body.length, bytes: plain.length, encoding },
    text: plain.toString("utf8"),
  };
}

const attribute = (tag: string, name: string) =>
  new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag)?.slice(1).find((v) => v !== undefined);

/**
 * The files a browser fetches before the page works: stylesheets, scripts,
 * module preloads, and modules imported by inline module scripts (how
 * Remix's <Scripts> boots a hydrated page).
 */
export function referencedAssets(html: string): { css: string[]; js: string[] } {
  const css = new Set<string>();
  const js = new Set<string>();
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = (attribute(tag, "rel") ?? "").toLowerCase().split(/\s+/);
    const href = attribute(tag, "href");
    const as = attribute(tag, "as");
    if (!href) continue;
    if (rel.includes("stylesheet") || (rel.includes("preload") && as === "style")) css.add(href);
    if (rel.includes("modulepreload") || (rel.includes("preload") && as === "script")) js.add(href);
  }
  for (const [, attributes = "", inline = ""] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const src = attribute(attributes, "src");
    if (src) js.add(src);
    for (const [, specifier] of inline.matchAll(/\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?\(?\s*["']([^"']+)["']/g)) {
      if (specifier) js.add(specifier);
    }
  }
  return { css: [...css], js: [...js] };
}

const total = (files: Transfer[]) => files.reduce((n, f) => n + f.wireBytes, 0);

/** What the survey page costs a phone, with and without JavaScript, gzip on the wire. */
export async function measurePageWeight(pageUrl: string): Promise<PageWeight> {
  const page = await transfer(pageUrl, "html");
  const assets = referencedAssets(page.text);
  const resolve = (href: string) => new URL(href, pageUrl).href;
  const css = await Promise.all(assets.css.map(async (href) => (await transfer(resolve(href), "css")).transfer));
  const js = await Promise.all(assets.js.map(async (href) => (await transfer(resolve(href), "js")).transfer));
  const withoutJs = [page.transfer, ...css];
  const withJs = [...withoutJs, ...js];
  return {
    withJs: { bytes: total(withJs), files: withJs },
    withoutJs: { bytes: total(withoutJs), files: withoutJs },
  };
}
