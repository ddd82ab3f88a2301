import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { snappyCompress, snappyCompressInParts, snappyUncompress } from "./snappy.js";

describe("snappy block format", () => {
  it("round-trips arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (bytes) => {
        expect(snappyUncompress(snappyCompress(bytes))).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it("round-trips repetitive input and compresses it", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom("tradewatch_", "orders_total", '{side="buy"}', " 1\n", 'le="0.5"'),
          {
            maxLength: 2000,
          },
        ),
        (parts) => {
          const bytes = Buffer.from(parts.join(""));
          expect(Buffer.from(snappyUncompress(snappyCompress(bytes)))).toEqual(bytes);
        },
      ),
      { numRuns: 100 },
    );
    const text = Buffer.from('tradewatch_http_requests_total{method="GET"} 1\n'.repeat(2000));
    const compressed = snappyCompress(text);
    expect(compressed.byteLength).toBeLessThan(text.byteLength / 10);
  });

  it("reads the reference encoding of a literal and a copy", () => {
    // "abcdabcdabcd": length 12, literal "abcd" (tag 3<<2), copy-2 of length 8 at offset 4.
    const encoded = Uint8Array.from([12, 3 << 2, 97, 98, 99, 100, (7 << 2) | 2, 4, 0]);
    expect(Buffer.from(snappyUncompress(encoded)).toString()).toBe("abcdabcdabcd");
    expect(
      Buffer.from(snappyUncompress(snappyCompress(Buffer.from("abcdabcdabcd")))).toString(),
    ).toBe("abcdabcdabcd");
  });

  it("writes long literals with the multi-byte length form", () => {
    const random = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 2_654_435_761) >>> 24);
    expect(snappyUncompress(snappyCompress(random))).toEqual(random);
  });

  it("compresses in 64 KiB parts to the bytes one call writes, pausing after each part", async () => {
    // Repetitive exposition-like text with noise, across several fragments and a partial last one.
    const line = (i: number) =>
      `tradewatch_orders_total{symbol="S${i % 7}",id="${(i * 2_654_435_761) >>> 20}"} ${i}\n`;
    for (const size of [10, 65_536, 65_537, 300_001, 1_000_000]) {
      let text = "";
      for (let i = 0; text.length < size; i++) text += line(i);
      const bytes = Buffer.from(text.slice(0, size));
      let pauses = 0;
      const parts = await snappyCompressInParts(bytes, async () => {
        pauses++;
      });
      expect(Buffer.from(parts).equals(Buffer.from(snappyCompress(bytes))), `size ${size}`).toBe(
        true,
      );
      expect(Buffer.from(snappyUncompress(parts)).equals(bytes)).toBe(true);
      expect(pauses).toBe(size <= 65_536 ? 0 : Math.ceil(size / 65_536));
    }
  });
});
