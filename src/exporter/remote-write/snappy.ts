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
