/** @module The hand-written remote_write codec that @bufbuild/protobuf and snappyjs replaced (src/exporter/remote-write before), kept only so bench/remote-write.bench.ts can measure it against them. */
import type {
  RemoteWriteMetadata,
  RemoteWriteSeries,
} from "../src/exporter/remote-write/write-request.js";

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;

/**
 * Appends protocol-buffers fields to a growing buffer. Enough for the remote-write
 * `WriteRequest`: varint (enum, int64 ≥ 0 as a JavaScript safe integer), double and
 * length-delimited (string, nested message) fields.
 */
class ProtobufWriter {
  #buffer = new Uint8Array(256);
  #length = 0;
  readonly #view = { data: new DataView(this.#buffer.buffer) };

  /** The bytes written so far (a view, valid until the next write). */
  finish(): Uint8Array {
    return this.#buffer.subarray(0, this.#length);
  }

  /** Writes a varint field; `value` is a non-negative safe integer, or a negative one (two's complement, 10 bytes). */
  varintField(field: number, value: number): this {
    this.#varint((field << 3) | WIRE_VARINT);
    if (value < 0) this.#negativeVarint(value);
    else this.#varint(value);
    return this;
  }

  /** Writes a double (fixed64, little-endian) field. */
  doubleField(field: number, value: number): this {
    this.#varint((field << 3) | WIRE_FIXED64);
    this.#reserve(8);
    this.#view.data.setFloat64(this.#length, value, true);
    this.#length += 8;
    return this;
  }

  /** Writes a UTF-8 string field. */
  stringField(field: number, value: string): this {
    return this.bytesField(field, Buffer.from(value, "utf8"));
  }

  /** Writes a length-delimited field: bytes, or a nested message's encoding. */
  bytesField(field: number, bytes: Uint8Array): this {
    this.#varint((field << 3) | WIRE_LENGTH_DELIMITED);
    this.#varint(bytes.byteLength);
    this.#reserve(bytes.byteLength);
    this.#buffer.set(bytes, this.#length);
    this.#length += bytes.byteLength;
    return this;
  }

  #varint(value: number): void {
    this.#reserve(10);
    while (value > 0x7f) {
      this.#buffer[this.#length++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.#buffer[this.#length++] = value;
  }

  #negativeVarint(value: number): void {
    let bits = BigInt.asUintN(64, BigInt(value));
    this.#reserve(10);
    while (bits > 0x7fn) {
      this.#buffer[this.#length++] = Number(bits & 0x7fn) | 0x80;
      bits >>= 7n;
    }
    this.#buffer[this.#length++] = Number(bits);
  }

  #reserve(bytes: number): void {
    if (this.#length + bytes <= this.#buffer.byteLength) return;
    let size = this.#buffer.byteLength * 2;
    while (size < this.#length + bytes) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = grown;
    this.#view.data = new DataView(grown.buffer);
  }
}

/** prompb `MetricMetadata.MetricType` enum values. */
const metricTypes = { unknown: 0, counter: 1, gauge: 2, summary: 3, histogram: 4 } as const;

/**
 * Returns the protobuf encoding of a `WriteRequest { repeated TimeSeries timeseries = 1;
 * repeated MetricMetadata metadata = 3; }`. Labels are written sorted by name, as the
 * remote-write spec requires.
 */
export function encodeWriteRequestByHand(
  series: readonly RemoteWriteSeries[],
  metadata: readonly RemoteWriteMetadata[] = [],
): Uint8Array {
  const request = new ProtobufWriter();
  for (const one of series) {
    const timeSeries = new ProtobufWriter();
    for (const name of Object.keys(one.labels).sort()) {
      const label = new ProtobufWriter().stringField(1, name).stringField(2, one.labels[name]!);
      timeSeries.bytesField(1, label.finish());
    }
    for (const sample of one.samples) {
      const encoded = new ProtobufWriter()
        .doubleField(1, sample.value)
        .varintField(2, Math.trunc(sample.timestampMs));
      timeSeries.bytesField(2, encoded.finish());
    }
    request.bytesField(1, timeSeries.finish());
  }
  for (const family of metadata) {
    const entry = new ProtobufWriter()
      .varintField(1, metricTypes[family.type])
      .stringField(2, family.metricFamilyName)
      .stringField(4, family.help);
    if (family.unit !== undefined && family.unit !== "") entry.stringField(5, family.unit);
    request.bytesField(3, entry.finish());
  }
  return request.finish().slice();
}

const MAX_OFFSET = 65_535;
const MIN_MATCH = 4;
const MAX_COPY = 64;
const HASH_BITS = 14;

/**
 * Compresses `input` into the snappy block format: the uncompressed length as a varint,
 * then literals and 2-byte-offset copies. Matches are found greedily through a hash of
 * 4-byte sequences; any valid snappy decoder (Go's, used by Prometheus) reads it.
 *
 * @example
 * const body = snappyCompress(encodeWriteRequest(series));
 */
export function snappyCompress(input: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Growable(input.byteLength + Math.ceil(input.byteLength / 60) + 16);
  out.varint(input.byteLength);
  const table = new Int32Array(1 << HASH_BITS).fill(-1);
  let literalStart = 0;
  let i = 0;
  const limit = input.byteLength - MIN_MATCH;
  while (i <= limit) {
    const word = readUint32(input, i);
    const slot = hash(word);
    const candidate = table[slot]!;
    table[slot] = i;
    if (candidate >= 0 && i - candidate <= MAX_OFFSET && readUint32(input, candidate) === word) {
      let length = MIN_MATCH;
      while (i + length < input.byteLength && input[candidate + length] === input[i + length]) {
        length += 1;
      }
      emitLiteral(out, input, literalStart, i);
      const offset = i - candidate;
      let remaining = length;
      while (remaining > 0) {
        const chunk = Math.min(remaining, MAX_COPY);
        out.byte(((chunk - 1) << 2) | 2);
        out.byte(offset & 0xff);
        out.byte(offset >>> 8);
        remaining -= chunk;
      }
      i += length;
      literalStart = i;
    } else {
      i += 1;
    }
  }
  emitLiteral(out, input, literalStart, input.byteLength);
  return out.finish();
}

/**
 * Decompresses the snappy block format (literals and 1-, 2- and 4-byte-offset copies).
 * Throws on malformed input.
 */
export function snappyUncompress(input: Uint8Array): Uint8Array {
  let position = 0;
  let length = 0;
  let shift = 0;
  for (;;) {
    const byte = input[position++];
    if (byte === undefined) throw new RangeError("Invalid snappy input: truncated length");
    length += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) break;
    shift += 7;
  }
  const out = new Uint8Array(length);
  let written = 0;
  const need = (bytes: number) => {
    if (position + bytes > input.byteLength)
      throw new RangeError("Invalid snappy input: truncated element");
  };
  while (position < input.byteLength) {
    const tag = input[position++]!;
    const kind = tag & 3;
    if (kind === 0) {
      let size = (tag >>> 2) + 1;
      if (size > 60) {
        const extra = size - 60;
        need(extra);
        size = 0;
        for (let k = 0; k < extra; k++) size += input[position + k]! * 2 ** (8 * k);
        size += 1;
        position += extra;
      }
      need(size);
      if (written + size > length) throw new RangeError("Invalid snappy input: literal overflows");
      out.set(input.subarray(position, position + size), written);
      position += size;
      written += size;
      continue;
    }
    let size: number;
    let offset: number;
    if (kind === 1) {
      need(1);
      size = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) | input[position]!;
      position += 1;
    } else if (kind === 2) {
      need(2);
      size = (tag >>> 2) + 1;
      offset = input[position]! | (input[position + 1]! << 8);
      position += 2;
    } else {
      need(4);
      size = (tag >>> 2) + 1;
      offset =
        (input[position]! | (input[position + 1]! << 8) | (input[position + 2]! << 16)) +
        input[position + 3]! * 2 ** 24;
      position += 4;
    }
    if (offset === 0 || offset > written || written + size > length) {
      throw new RangeError("Invalid snappy input: bad copy");
    }
    for (let k = 0; k < size; k++) out[written + k] = out[written - offset + k]!;
    written += size;
  }
  if (written !== length) throw new RangeError("Invalid snappy input: length mismatch");
  return out;
}

function emitLiteral(out: Growable, input: Uint8Array, start: number, end: number): void {
  if (end <= start) return;
  const size = end - start;
  const n = size - 1;
  if (n < 60) {
    out.byte(n << 2);
  } else {
    const extra = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
    out.byte((59 + extra) << 2);
    for (let k = 0; k < extra; k++) out.byte(Math.floor(n / 2 ** (8 * k)) & 0xff);
  }
  out.bytes(input.subarray(start, end));
}

function readUint32(input: Uint8Array, at: number): number {
  return (
    (input[at]! | (input[at + 1]! << 8) | (input[at + 2]! << 16) | (input[at + 3]! << 24)) >>> 0
  );
}

function hash(word: number): number {
  return Math.imul(word, 0x1e35a7bd) >>> (32 - HASH_BITS);
}

class Growable {
  #buffer: Uint8Array<ArrayBuffer>;
  #length = 0;

  constructor(capacity: number) {
    this.#buffer = new Uint8Array(Math.max(capacity, 16));
  }

  byte(value: number): void {
    this.#reserve(1);
    this.#buffer[this.#length++] = value;
  }

  bytes(values: Uint8Array): void {
    this.#reserve(values.byteLength);
    this.#buffer.set(values, this.#length);
    this.#length += values.byteLength;
  }

  varint(value: number): void {
    while (value > 0x7f) {
      this.byte((value % 0x80) | 0x80);
      value = Math.floor(value / 0x80);
    }
    this.byte(value);
  }

  finish(): Uint8Array<ArrayBuffer> {
    return this.#buffer.slice(0, this.#length);
  }

  #reserve(bytes: number): void {
    if (this.#length + bytes <= this.#buffer.byteLength) return;
    const grown = new Uint8Array(Math.max(this.#buffer.byteLength * 2, this.#length + bytes));
    grown.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = grown;
  }
}
