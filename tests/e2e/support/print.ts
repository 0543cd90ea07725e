import jsQR from "jsqr";
import { PNG } from "pngjs";
import { expect } from "vitest";

/** What a phone camera reads from a PNG picture of a QR code, or null. */
export function decodeQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

/** The pages of a PDF as chromium writes it: how many, and each one's MediaBox in points. */
export function pdfPages(pdf: Buffer): { count: number; sizes: Array<[number, number]> } {
  const text = pdf.toString("latin1");
  const count = (text.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
  const sizes = [...text.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m): [number, number] => [Number(m[1]), Number(m[2])]);
  return { count, sizes };
}

/** Every page is A4 portrait (595 × 842 pt). */
export function expectA4(sizes: Array<[number, number]>): void {
  expect(sizes.length).toBeGreaterThan(0);
  for (const [width, height] of sizes) {
    expect(Math.abs(width - 595.3)).toBeLessThan(2);
    expect(Math.abs(height - 841.9)).toBeLessThan(2);
  }
}
