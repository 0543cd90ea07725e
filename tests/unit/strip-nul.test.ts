import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { nulStripper } from "~/http/strip-nul.server";

const through = (chunks: Buffer[]) => buffer(Readable.from(chunks).pipe(nulStripper()));

describe("the document stream's NUL stripper", () => {
  test("drops the NUL bytes React 18 leaves at a buffer's edge, inside Vietnamese text", async () => {
    const text = Buffer.from("Tỷ lệ người dân hài lòng", "utf8");
    const cut = text.indexOf(Buffer.from("ời", "utf8"));
    const leaked = [Buffer.concat([text.subarray(0, cut), Buffer.from([0, 0])]), text.subarray(cut)];
    expect((await through(leaked)).toString("utf8")).toBe("Tỷ lệ người dân hài lòng");
  });

  test("passes chunks without a NUL through unchanged, multi-byte characters split across chunks included", async () => {
    const text = Buffer.from("Chưa kết luận được — ước lượng đang cao hơn mục tiêu", "utf8");
    expect((await through([text.subarray(0, 7), text.subarray(7, 8), text.subarray(8)])).equals(text)).toBe(true);
  });

  test("property: the output is the input without its NUL bytes, however it is chunked", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 12 }), async (parts) => {
        const chunks = parts.map((p) => Buffer.from(p));
        const expected = Buffer.from(Buffer.concat(chunks).filter((b) => b !== 0));
        expect((await through(chunks)).equals(expected)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
