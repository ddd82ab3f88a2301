/** @module The remote_write codec, fuzzed: a WriteRequest encoded by @bufbuild/protobuf decodes to the series, samples and metadata it was given, byte for byte as the hand-written encoder it replaced wrote them, and survives snappy. */
import { BinaryReader } from "@bufbuild/protobuf/wire";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeWriteRequestByHand } from "../../bench/remote-write-hand-codec.js";
import { snappyCompress, snappyUncompress } from "../../src/exporter/remote-write/snappy.js";
import {
  loadWriteRequestEncoder,
  type RemoteWriteMetadata,
  type RemoteWriteSeries,
} from "../../src/exporter/remote-write/write-request.js";

const encodeWriteRequest = await loadWriteRequestEncoder();

interface Decoded {
  series: { labels: [string, string][]; samples: [number, number][] }[];
  metadata: { type: number; name: string; help: string; unit: string | undefined }[];
}

/** Decodes a WriteRequest with the library's reader, field by field as prompb defines it. */
function decode(bytes: Uint8Array): Decoded {
  const reader = new BinaryReader(bytes);
  const decoded: Decoded = { series: [], metadata: [] };
  while (reader.pos < reader.len) {
    const [field] = reader.tag();
    const message = new BinaryReader(reader.bytes());
    if (field === 1) {
      const one: Decoded["series"][number] = { labels: [], samples: [] };
      while (message.pos < message.len) {
        const [inner] = message.tag();
        const part = new BinaryReader(message.bytes());
        if (inner === 1) {
          part.tag();
          const name = part.string();
          part.tag();
          one.labels.push([name, part.string()]);
        } else {
          part.tag();
          const value = part.double();
          part.tag();
          one.samples.push([value, Number(part.int64())]);
        }
      }
      decoded.series.push(one);
    } else {
      const entry = { type: 0, name: "", help: "", unit: undefined as string | undefined };
      while (message.pos < message.len) {
        const [inner] = message.tag();
        if (inner === 1) entry.type = message.int32();
        else if (inner === 2) entry.name = message.string();
        else if (inner === 4) entry.help = message.string();
        else entry.unit = message.string();
      }
      decoded.metadata.push(entry);
    }
  }
  return decoded;
}

const seriesArbitrary = fc.array(
  fc.record({
    labels: fc.dictionary(fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,12}$/), fc.string(), {
      minKeys: 1,
      maxKeys: 6,
    }),
    samples: fc.array(
      fc.record({
        value: fc.double(),
        timestampMs: fc.integer({ min: 0, max: 4_102_444_800_000 }),
      }),
      { maxLength: 20 },
    ),
  }),
  { maxLength: 20 },
);
const metadataArbitrary = fc.array(
  fc.record({
    type: fc.constantFrom("counter", "gauge", "summary", "histogram", "unknown" as const),
    metricFamilyName: fc.string(),
    help: fc.string(),
    unit: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
  }),
  { maxLength: 5 },
);

describe("remote_write codec", () => {
  it("decodes to what it was given, labels sorted by name", () => {
    fc.assert(
      fc.property(seriesArbitrary, metadataArbitrary, (series, metadata) => {
        const decoded = decode(
          encodeWriteRequest(series as RemoteWriteSeries[], metadata as RemoteWriteMetadata[]),
        );
        expect(decoded.series).toEqual(
          series.map((one) => ({
            labels: Object.keys(one.labels)
              .sort()
              .map((name) => [name, one.labels[name]]),
            samples: one.samples.map((sample) => [sample.value, sample.timestampMs]),
          })),
        );
        const types = { unknown: 0, counter: 1, gauge: 2, summary: 3, histogram: 4 };
        expect(decoded.metadata).toEqual(
          metadata.map((entry) => ({
            type: types[entry.type],
            name: entry.metricFamilyName,
            help: entry.help,
            unit: entry.unit,
          })),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("writes the same bytes as the hand-written encoder it replaced", () => {
    fc.assert(
      fc.property(seriesArbitrary, metadataArbitrary, (series, metadata) => {
        const ours = encodeWriteRequest(
          series as RemoteWriteSeries[],
          metadata as RemoteWriteMetadata[],
        );
        const before = encodeWriteRequestByHand(
          series as RemoteWriteSeries[],
          metadata as RemoteWriteMetadata[],
        );
        expect(Buffer.from(ours).equals(Buffer.from(before))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("writes series given as two columns (values, timestamps) as it writes them given as sample objects", () => {
    fc.assert(
      fc.property(seriesArbitrary, metadataArbitrary, (series, metadata) => {
        const objects = encodeWriteRequest(
          series as RemoteWriteSeries[],
          metadata as RemoteWriteMetadata[],
        );
        const columns = encodeWriteRequest(
          series.map((one) => ({
            labels: one.labels,
            values: one.samples.map((sample) => sample.value),
            timestampsMs: one.samples.map((sample) => sample.timestampMs),
          })),
          metadata as RemoteWriteMetadata[],
        );
        expect(Buffer.from(columns).equals(Buffer.from(objects))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("round-trips through snappy", () => {
    fc.assert(
      fc.property(seriesArbitrary, (series) => {
        const bytes = encodeWriteRequest(series as RemoteWriteSeries[]);
        expect(Buffer.from(snappyUncompress(snappyCompress(bytes)))).toEqual(Buffer.from(bytes));
      }),
      { numRuns: 200 },
    );
  });
});
