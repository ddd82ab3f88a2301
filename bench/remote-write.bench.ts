/**
 * @module remote_write's codec: the WriteRequest protobuf encoder and the Snappy compressor,
 * the hand-written ones remote_write carried (kept in bench/remote-write-hand-codec.ts) against
 * the libraries that replaced them: the encoder against @bufbuild/protobuf's BinaryWriter
 * (checked to write the same bytes), the block compressor against snappyjs. The input is a backtest batch: 640 series of a recorder's registry
 * (7 labels each) with 80 samples apiece (51 200 samples), and one live snapshot (640
 * series, one sample). Prints ns per request and the compressed sizes.
 */
import { snappyCompress, snappyUncompress } from "../src/exporter/remote-write/snappy.js";
import {
  loadWriteRequestEncoder,
  type RemoteWriteSeries,
} from "../src/exporter/remote-write/write-request.js";
import { benchInterleaved, printTable } from "./harness.js";
import {
  encodeWriteRequestByHand,
  snappyCompress as handSnappyCompress,
} from "./remote-write-hand-codec.js";

const encodeWriteRequest = await loadWriteRequestEncoder();

/** A batch like the backtest writer sends: `seriesCount` series with `samplesPerSeries` samples. */
export function backtestBatch(seriesCount: number, samplesPerSeries: number): RemoteWriteSeries[] {
  const series: RemoteWriteSeries[] = [];
  for (let index = 0; index < seriesCount; index++) {
    const samples = [];
    for (let step = 0; step < samplesPerSeries; step++) {
      samples.push({
        value: (index * 7 + step) * 1.25,
        timestampMs: 1_672_531_200_000 + step * 15_000,
      });
    }
    series.push({
      labels: {
        __name__: `tradewatch_metric_${index % 90}_total`,
        symbol: index % 2 === 0 ? "BTC/USD" : "ETH/USD",
        strategy: `strategy_${index % 3}`,
        environment: "backtest",
        job: "tradewatch",
        instance: "backtest:year.csv",
        bot: "backtest",
      },
      samples,
    });
  }
  return series;
}

function main(): void {
  const batch = backtestBatch(640, 80);
  const live = backtestBatch(640, 1);
  const ours = encodeWriteRequestByHand(batch);
  if (!Buffer.from(ours).equals(Buffer.from(encodeWriteRequest(batch)))) {
    throw new Error("The two encoders wrote different bytes for the same batch");
  }
  const rows = [];
  for (const [name, input] of [
    ["encode batch (51 200 samples)", batch],
    ["encode snapshot (640 samples)", live],
  ] as const) {
    const result = benchInterleaved({
      ours: (n) => {
        for (let i = 0; i < n; i++) encodeWriteRequestByHand(input);
      },
      bufbuild: (n) => {
        for (let i = 0; i < n; i++) encodeWriteRequest(input);
      },
    });
    rows.push({
      name,
      values: { "hand-written": result.ours.nsPerOp, library: result.bufbuild.nsPerOp },
    });
  }
  const snapshotBytes = encodeWriteRequest(live);
  for (const [name, input] of [
    [`snappy batch (${ours.byteLength} B)`, ours],
    [`snappy snapshot (${snapshotBytes.byteLength} B)`, snapshotBytes],
  ] as const) {
    const result = benchInterleaved({
      ours: (n) => {
        for (let i = 0; i < n; i++) handSnappyCompress(input);
      },
      snappyjs: (n) => {
        for (let i = 0; i < n; i++) snappyCompress(input);
      },
    });
    rows.push({
      name,
      values: { "hand-written": result.ours.nsPerOp, library: result.snappyjs.nsPerOp },
    });
  }
  if (!Buffer.from(snappyUncompress(snappyCompress(ours))).equals(Buffer.from(ours))) {
    throw new Error("snappyjs did not round-trip the batch");
  }
  printTable({
    title: "remote_write codec (library: @bufbuild/protobuf for encode, snappyjs for snappy)",
    libraries: ["hand-written", "library"],
    unit: "ns/request",
    rows,
  });
  console.log(
    `compressed batch: hand-written ${handSnappyCompress(ours).byteLength} B, snappyjs ${snappyCompress(ours).byteLength} B (of ${ours.byteLength} B)`,
  );
}

main();
