/** @module Types of `snappyjs` (it ships none): the Snappy block-format functions remote_write uses. */
declare module "snappyjs" {
  /** Compresses bytes in the Snappy block format. */
  export function compress(input: Uint8Array): Uint8Array<ArrayBuffer>;
  /** Decompresses Snappy block-format bytes. */
  export function uncompress(input: Uint8Array): Uint8Array<ArrayBuffer>;
}
