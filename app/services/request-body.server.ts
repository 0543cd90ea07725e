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

/**
 * Reads a request body as UTF-8 text, refusing the wrong content type, more
 * than `maxBytes` (without reading past it) and bytes that are not UTF-8.
 */
export async function readTextBody(
  request: Request,
  { maxBytes, contentType }: { maxBytes: number; contentType: string },
): Promise<string> {
  if (mediaType(request) !== contentType) {
    throw new BodyError(415, `Content-Type must be ${contentType}`);
  }
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > maxBytes) throw new BodyError(413, `body larger than ${maxBytes} bytes`);
  if (!request.body) return "";

  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
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
