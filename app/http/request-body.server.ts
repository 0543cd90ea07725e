import { decodeFormBody } from "~/domain/survey-form";
import { problem, problemJson, type Problem } from "./problem.server";

/** Why a request body was refused before it was even parsed. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

function mediaType(request: Request): string {
  return (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/** How much of a refused body is read (and dropped) before we stop reading it. */
const DISCARD_LIMIT_BYTES = 4 * 1024 * 1024;

/**
 * Reads and drops what is left of a refused body, so that the client, still
 * sending, receives the 4xx and its connection stays usable. Past a bound we
 * simply stop reading: cancelling would reset the connection before the
 * client could read the answer.
 */
async function discardRest(request: Request, reader = request.body?.getReader()): Promise<void> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (!reader || declared > DISCARD_LIMIT_BYTES) return;
  let discarded = 0;
  while (discarded <= DISCARD_LIMIT_BYTES) {
    const { done, value } = await reader.read();
    if (done) return;
    discarded += value.byteLength;
  }
  reader.releaseLock();
}

/**
 * Reads a request body as UTF-8 text, refusing the wrong content type, more
 * than `maxBytes` (without keeping past it) and bytes that are not UTF-8.
 */
export async function readTextBody(
  request: Request,
  { maxBytes, contentType }: { maxBytes: number; contentType: string },
): Promise<string> {
  if (mediaType(request) !== contentType) {
    await discardRest(request);
    throw new BodyError(415, `Content-Type must be ${contentType}`);
  }
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > maxBytes) {
    await discardRest(request);
    throw new BodyError(413, `body larger than ${maxBytes} bytes`);
  }
  if (!request.body) return "";

  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await discardRest(request, reader);
      throw new BodyError(413, `body larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new BodyError(400, "body is not valid UTF-8");
  }
}

const JSON_WHITESPACE = new Set([" ", "\t", "\n", "\r"]);

/**
 * The first object key that a JSON text gives twice, as a dotted path ("id",
 * "answers.overall"), or null. JSON.parse silently keeps the last copy while
 * another reader may keep the first, so a repeated key is refused rather than
 * guessed at. `text` must already be valid JSON.
 */
export function findRepeatedJsonKey(text: string): string | null {
  // One frame per open object (with its keys so far) or array (keys null).
  const frames: Array<{ path: string; keys: Set<string> | null; lastKey: string }> = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const frame = frames.at(-1);
    if (c === "{" || c === "[") {
      const path = !frame ? "" : frame.keys ? frame.lastKey : frame.path;
      frames.push({ path, keys: c === "{" ? new Set() : null, lastKey: "" });
    } else if (c === "}" || c === "]") {
      frames.pop();
    } else if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      let next = end + 1;
      while (JSON_WHITESPACE.has(text[next] ?? "")) next++;
      if (frame?.keys && text[next] === ":") {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        const path = frame.path ? `${frame.path}.${key}` : key;
        if (frame.keys.has(key)) return path;
        frame.keys.add(key);
        frame.lastKey = path;
      }
      i = end;
    }
  }
  return null;
}

/**
 * A small urlencoded form (staff forms): the fields, or a BodyError
 * (400/413/415). No form field is ever meant to hold a NUL character, and
 * PostgreSQL refuses one in text: it is a 400 here, before any form reads it.
 */
export async function readSmallForm(request: Request, maxBytes = 16 * 1024): Promise<URLSearchParams> {
  const body = await readTextBody(request, { maxBytes, contentType: "application/x-www-form-urlencoded" });
  let form: URLSearchParams;
  try {
    form = new URLSearchParams(decodeFormBody(body));
  } catch {
    throw new BodyError(400, "form body is not valid UTF-8 percent-encoding");
  }
  for (const [name, value] of form) {
    if (name.includes("\u0000") || value.includes("\u0000")) throw new BodyError(400, "form fields may not contain a NUL character");
  }
  return form;
}

/** A refused body as a Problem: 400, 413 or 415. */
export function bodyProblem(error: BodyError): Problem {
  const kind = error.status === 413 ? "tooLarge" : error.status === 415 ? "unsupportedMediaType" : "badRequest";
  return problem(kind, error.message);
}

/**
 * The body of a JSON API call as one object, or the 4xx answer that says what
 * is wrong with it: too large (413), not JSON (415), not UTF-8 or not valid
 * JSON (400), a key given twice (400 naming it), or not an object (400).
 */
export async function readJsonObject(
  request: Request,
  maxBytes: number,
): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; response: Response }> {
  let text: string;
  let value: unknown;
  try {
    text = await readTextBody(request, { maxBytes, contentType: "application/json" });
    value = JSON.parse(text);
  } catch (error) {
    if (error instanceof BodyError) return { ok: false, response: problemJson(bodyProblem(error)) };
    if (error instanceof SyntaxError) return { ok: false, response: problemJson(problem("badRequest", "body is not valid JSON")) };
    throw error;
  }
  const repeated = findRepeatedJsonKey(text);
  if (repeated !== null) return { ok: false, response: problemJson(problem("badRequest", `${repeated} was given more than once`, { field: repeated })) };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, response: problemJson(problem("badRequest", "body must be a JSON object", { field: "body" })) };
  }
  const nul = pathOfNul(value, "");
  if (nul !== null) return { ok: false, response: problemJson(problem("badRequest", `${nul || "body"} contains a NUL character`, { field: nul || "body" })) };
  return { ok: true, value: value as Record<string, unknown> };
}

/**
 * The path of the first key or string holding a NUL (`"\u0000"`), or null.
 * Nobody means one, and PostgreSQL can neither store nor compare text with it.
 */
function pathOfNul(value: unknown, path: string): string | null {
  // A stack, not recursion (a small body can nest deeper than the call stack
  // goes), and each path spelled only when found (spelling every one would
  // grow with the square of the depth).
  const nodes: Array<{ parent: number; key: string }> = [{ parent: -1, key: path }];
  const spell = (node: number): string => {
    const keys: string[] = [];
    for (let n = node; n > 0; n = nodes[n]!.parent) keys.push(nodes[n]!.key);
    return [path, ...keys.reverse()].filter(Boolean).join(".");
  };
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [item, node] = pending.pop()!;
    if (typeof item === "string") {
      if (item.includes("\u0000")) return spell(node);
    } else if (typeof item === "object" && item !== null) {
      for (const [key, inner] of Object.entries(item)) {
        nodes.push({ parent: node, key });
        if (key.includes("\u0000")) return spell(nodes.length - 1);
        pending.push([inner, nodes.length - 1]);
      }
    }
  }
  return null;
}

/**
 * A JSON body that its zod schema refused, as a 400 `{error, field}` naming
 * the first field at fault (a missing one "is required", an unknown one "is
 * not a field of this request").
 */
export function invalidJsonBody(error: { issues: ReadonlyArray<{ code: string; path: PropertyKey[]; message: string; keys?: string[] }> }, body: Record<string, unknown>): Response {
  const issue = error.issues[0]!;
  const unknownKey = issue.code === "unrecognized_keys" ? issue.keys?.[0] : undefined;
  const field = unknownKey ?? (issue.path.map(String).join(".") || "body");
  const message = unknownKey !== undefined ? "is not a field of this request" : issue.code === "invalid_type" && body[field] === undefined ? "is required" : issue.message;
  return problemJson(problem("badRequest", `${field} ${message}`, { field }));
}
