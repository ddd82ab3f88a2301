/** @module A minimal protocol-buffers writer: varints, doubles, strings and nested messages. */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;

/**
 * Appends protocol-buffers fields to a growing buffer. Enough for the remote-write
 * `WriteRequest`: varint (enum, int64 ≥ 0 as a JavaScript safe integer), double and
 * length-delimited (string, nested message) fields.
 */
export class ProtobufWriter {
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
