import { Transform, type TransformCallback } from "node:stream";

/**
 * React 18's streaming renderer encodes HTML into a reused 2,048-byte buffer;
 * when a multi-byte UTF-8 character (most Vietnamese letters) would straddle
 * its end, it flushes the whole buffer, unwritten bytes included, and NUL
 * bytes land inside the text ("ngư\0ời") — facebook/react#31134, fixed in
 * React 19 by #26228. No page of ours has a NUL of its own (forms refuse it),
 * so the document stream drops every NUL byte on its way out.
 */
export function nulStripper(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      if (chunk.indexOf(0) === -1) return done(null, chunk);
      const kept = Buffer.allocUnsafe(chunk.length);
      let length = 0;
      for (const byte of chunk) if (byte !== 0) kept[length++] = byte;
      done(null, kept.subarray(0, length));
    },
  });
}
