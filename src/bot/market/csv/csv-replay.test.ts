import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TradewatchError } from "../../../errors.js";
import { CsvReplay } from "./csv-replay.js";

const dir = mkdtempSync(join(tmpdir(), "tradewatch-csv-replay-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const header = "timestamp,symbol,open,high,low,close,volume";
const t0 = 1704067200000;
const row = (minute: number, symbol = "BTC", prices = "10,11,9,10") =>
  `${t0 + minute * 60_000},${symbol},${prices},5`;

function file(name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.length === 0 ? "" : `${lines.join("\n")}\n`);
  return path;
}

async function openError(path: string, options: object = {}): Promise<TradewatchError> {
  try {
    await CsvReplay.open({ path, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(TradewatchError);
    expect((error as TradewatchError).code).toBe("ERR_INVALID_CSV");
    return error as TradewatchError;
  }
  throw new Error(`${path} opened without an error`);
}

async function drain(replay: CsvReplay): Promise<number[][]> {
  const batches: number[][] = [];
  for (let batch = await replay.next(); batch !== null; batch = await replay.next()) {
    batches.push(batch.bars.map((bar) => bar.timestamp));
  }
  return batches;
}

describe("CsvReplay input checks", () => {
  it("refuses an empty and a header-only file", async () => {
    expect((await openError(file("empty.csv", []))).message).toBe(
      `Invalid OHLCV CSV ${dir}/empty.csv: no bars (the file is empty)`,
    );
    expect((await openError(file("header.csv", [header]))).message).toMatch(
      /header\.csv: no bars \(the file is empty but for its header\)/,
    );
    expect(() => new CsvReplay({ text: `${header}\n` })).toThrow(/no bars/);
  });

  it.each([
    ["high below low", "10,9,11,10", /line 3: high below low: high 9, low 11/],
    ["a zero price", "0,11,9,10", /line 3: non-positive price: open 0/],
    ["a negative price", "10,11,9,-1", /line 3: non-positive price/],
    ["NaN", "10,NaN,9,10", /line 3: price not a number/],
    ["a word for a price", "ten,11,9,10", /line 3: price not a number: open NaN/],
    ["close above high", "10,11,9,12", /line 3: close outside low\.\.high/],
  ])("names the file and line of a bar with %s", async (_, prices, message) => {
    const path = file("bad.csv", [header, row(0), row(1, "BTC", prices), row(2)]);
    const error = await openError(path);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(path);
    expect(error.message).toContain("--skip-invalid-bars");
  });

  it("skips invalid bars with skipInvalidBars, counting them by reason", async () => {
    const lines = [header];
    for (let minute = 0; minute < 1000; minute++) lines.push(row(minute, "BTC", "10,9,11,10"));
    expect(
      (await openError(file("all-bad.csv", lines), { skipInvalidBars: true })).message,
    ).toMatch(/every bar is invalid \(1000 high below low \(first at line 2\)\)/);
    const mixed = file("mixed.csv", [
      header,
      row(0),
      row(1, "BTC", "10,9,11,10"),
      row(2),
      row(3, "BTC", "0,11,9,10"),
      row(4, "BTC", "10,9,11,10"),
      row(4),
    ]);
    const replay = await CsvReplay.open({ path: mixed, skipInvalidBars: true });
    expect(await drain(replay)).toEqual([[t0], [t0 + 120_000], [t0 + 240_000]]);
    expect([...replay.skipped]).toEqual([
      ["high below low", { count: 2, firstLine: 3 }],
      ["non-positive price", { count: 1, firstLine: 5 }],
    ]);
  });

  it("refuses rows going back in time, naming the line, unless sort", async () => {
    const path = file("unsorted.csv", [header, row(0), row(2), row(1), row(3)]);
    expect((await openError(path)).message).toMatch(
      /unsorted\.csv line 4: time goes backwards: BTC at 2024-01-01T00:01:00\.000Z comes after 2024-01-01T00:02:00\.000Z on line 3; sort the rows by time, or pass --sort/,
    );
    const sorted = await CsvReplay.open({ path, sort: true });
    expect(await drain(sorted)).toEqual([[t0], [t0 + 60_000], [t0 + 120_000], [t0 + 180_000]]);
    const duplicate = file("duplicate.csv", [header, row(0), row(1), row(1)]);
    expect((await openError(duplicate)).message).toMatch(/line 4: duplicate bar: BTC/);
  });

  it("names a missing file", async () => {
    expect((await openError(join(dir, "missing.csv"))).message).toMatch(
      /missing\.csv: no such file/,
    );
  });
});

describe("CsvReplay streaming", () => {
  it("serves the same batches as the in-memory replay, and again after reset", async () => {
    const lines = [header];
    for (let minute = 0; minute < 3000; minute++) {
      lines.push(row(minute, "BTC"), row(minute, "ETH", "20,22,18,21"));
    }
    const path = file("two.csv", lines);
    const streamed = await CsvReplay.open({ path });
    expect(streamed.symbols).toEqual(["BTC", "ETH"]);
    expect(streamed.barSeconds).toBe(60);
    expect(streamed.length).toBe(3000);
    const batches = await drain(streamed);
    expect(batches).toEqual(await drain(new CsvReplay({ path })));
    expect(batches).toHaveLength(3000);
    expect(batches[2999]).toEqual([t0 + 2999 * 60_000, t0 + 2999 * 60_000]);
    streamed.reset();
    expect(await drain(streamed)).toEqual(batches);
  });

  it("reads the file as batches are pulled, not whole", async () => {
    const lines = [header];
    for (let minute = 0; minute < 200_000; minute++) lines.push(row(minute));
    const path = file("big.csv", lines);
    const replay = await CsvReplay.open({ path });
    const total = replay.progress.totalBytes;
    expect(total).toBeGreaterThan(6_000_000);
    await replay.next();
    expect(replay.progress.bytesRead).toBeLessThan(total / 4);
    replay.dispose();
  });
});
