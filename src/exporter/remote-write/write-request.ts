/** @module Encodes a Prometheus remote-write 1.0 `WriteRequest` (prometheus/prompb) by hand. */
import { ProtobufWriter } from "./protobuf-writer.js";

/** One sample: a value at a time in Unix milliseconds. */
export interface RemoteWriteSample {
  readonly value: number;
  readonly timestampMs: number;
}

/** One series: its labels (including `__name__`) and its samples, oldest first. */
export interface RemoteWriteSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly samples: readonly RemoteWriteSample[];
}

/** The metric-family metadata Prometheus keeps beside the samples. */
export interface RemoteWriteMetadata {
  readonly type: "counter" | "gauge" | "summary" | "histogram" | "unknown";
  readonly metricFamilyName: string;
  readonly help: string;
  readonly unit?: string | undefined;
}

/** prompb `MetricMetadata.MetricType` enum values. */
const metricTypes = { unknown: 0, counter: 1, gauge: 2, summary: 3, histogram: 4 } as const;

/**
 * Returns the protobuf encoding of a `WriteRequest { repeated TimeSeries timeseries = 1;
 * repeated MetricMetadata metadata = 3; }`. Labels are written sorted by name, as the
 * remote-write spec requires.
 */
export function encodeWriteRequest(
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
