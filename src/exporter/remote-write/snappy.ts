/** @module Snappy block format (not the framing format), the compression remote write requires: snappyjs under the names the exporter has always exported. */
import { compress, uncompress } from "snappyjs";

/**
 * Compresses bytes in the Snappy block format (snappyjs; it replaced a hand-written
 * compressor that was 3-4 times slower and compressed less: bench/remote-write.bench.ts).
 */
export function snappyCompress(input: Uint8Array): Uint8Array<ArrayBuffer> {
  return compress(input);
}

/** Decompresses Snappy block-format bytes; throws on corrupt input. */
export function snappyUncompress(input: Uint8Array): Uint8Array<ArrayBuffer> {
  return uncompress(input);
}

/** The compressor's fragment: each 64 KiB of input is compressed on its own. */
const BLOCK_BYTES = 64 * 1024;

/** Bytes of the varint length that starts a Snappy block-format stream. */
function varintBytes(bytes: Uint8Array): number {
  let index = 0;
  while ((bytes[index]! & 0x80) !== 0) index++;
  return index + 1;
}

/**
 * Compresses like {@link snappyCompress}, to the same bytes, one 64 KiB fragment at a time,
 * awaiting `between()` after each, so that compressing a large request does not hold the
 * event loop (snappyjs compresses every 64 KiB fragment independently, so the fragments of
 * separate calls, behind one length, are the stream one call writes).
 */
export async function snappyCompressInParts(
  input: Uint8Array,
  between: () => Promise<void>,
): Promise<Uint8Array<ArrayBuffer>> {
  if (input.length <= BLOCK_BYTES) return compress(input);
  const fragments: Uint8Array[] = [];
  let length = 0;
  for (let start = 0; start < input.length; start += BLOCK_BYTES) {
    const compressed = compress(input.subarray(start, start + BLOCK_BYTES));
    const fragment = compressed.subarray(varintBytes(compressed));
    fragments.push(fragment);
    length += fragment.length;
    await between();
  }
  const header: number[] = [];
  let value = input.length;
  do {
    header.push((value & 0x7f) | (value > 0x7f ? 0x80 : 0));
    value = Math.floor(value / 128);
  } while (value > 0);
  const output = new Uint8Array(header.length + length);
  output.set(header, 0);
  let offset = header.length;
  for (const fragment of fragments) {
    output.set(fragment, offset);
    offset += fragment.length;
  }
  return output;
}
