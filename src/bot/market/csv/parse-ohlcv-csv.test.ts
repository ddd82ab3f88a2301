import { describe, expect, it } from "vitest";
import { TradewatchError } from "../../../errors.js";
import { CsvReplay } from "./csv-replay.js";
import { formatOhlcvCsv } from "./format-ohlcv-csv.js";
import { parseOhlcvCsv } from "./parse-ohlcv-csv.js";

describe("parseOhlcvCsv", () => {
  it("reads named columns in any order, with epoch seconds, milliseconds or ISO dates", () => {
    const text = [
      "Date,Close,Open,High,Low,Volume",
      "2024-01-01T00:00:00Z,2,1,3,0.5,10",
      "1704067260,2.5,2,3,1.5,11",
      "1704067320000,3,2.5,3.5,2,12",
    ].join("\n");
    const bars = parseOhlcvCsv(text, "BTC/USD");
    expect(bars.map((bar) => bar.timestamp)).toEqual([1704067200000, 1704067260000, 1704067320000]);
    expect(bars[0]).toEqual({
      symbol: "BTC/USD",
      timestamp: 1704067200000,
      open: 1,
      high: 3,
      low: 0.5,
      close: 2,
      volume: 10,
    });
  });

  it("reads a headerless file as timestamp,open,high,low,close,volume", () => {
    expect(parseOhlcvCsv("1704067200000,1,2,0.5,1.5,100\n", "X")[0]).toMatchObject({
      open: 1,
      close: 1.5,
      volume: 100,
    });
  });

  it("rejects a header without a close column and a line with a bad timestamp", () => {
    expect(() => parseOhlcvCsv("timestamp,open,high,low,volume\n1,1,1,1,1", "X")).toThrow(
      TradewatchError,
    );
    expect(() => parseOhlcvCsv("timestamp,open,high,low,close\nyesterday,1,1,1,1", "X")).toThrow(
      /line 2/,
    );
  });

  it("round-trips through formatOhlcvCsv, and the replay batches bars by timestamp", async () => {
    const bars = [
      { symbol: "A", timestamp: 1704067200000, open: 1, high: 2, low: 0.5, close: 1.5, volume: 3 },
      { symbol: "B", timestamp: 1704067200000, open: 10, high: 20, low: 5, close: 15, volume: 30 },
      { symbol: "A", timestamp: 1704067260000, open: 1.5, high: 2, low: 1, close: 1.8, volume: 4 },
    ];
    const text = formatOhlcvCsv(bars);
    expect(parseOhlcvCsv(text, "unused")).toEqual(bars);
    const replay = new CsvReplay({ text });
    expect(replay.symbols).toEqual(["A", "B"]);
    expect(replay.barSeconds).toBe(60);
    const first = await replay.next();
    expect(first?.bars).toHaveLength(2);
    expect(first?.timestamp).toBe(1704067260000);
    expect((await replay.next())?.bars).toHaveLength(1);
    expect(await replay.next()).toBeNull();
    replay.reset();
    expect((await replay.next())?.bars).toHaveLength(2);
  });
});
