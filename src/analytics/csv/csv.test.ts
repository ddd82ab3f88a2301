import { describe, expect, it } from "vitest";
import { CsvFormatError } from "./csv-error.js";
import { parseCsv } from "./parse-csv.js";
import { parseEquityCsv } from "./read-equity-csv.js";
import { parseTradesCsv } from "./read-trades-csv.js";

const header = "closed_at,symbol,side,quantity,entry_price,exit_price,fee";

function errorOf(run: () => unknown): CsvFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof CsvFormatError) return error;
    throw error;
  }
  throw new Error("expected a CsvFormatError");
}

describe("trades CSV", () => {
  it("reads trades in any column order and computes PnL per side after fees", () => {
    const trades = parseTradesCsv(
      `symbol,side,closed_at,quantity,entry_price,exit_price,fee\n` +
        `ETH/USD,short,1767261600,2,50,45,1\n` +
        `"BTC/USD",long,2026-01-01T00:00:00Z,1,100,110,0.5\n`,
      "t.csv",
    );
    // sorted by close time: 2026-01-01T00:00Z, then epoch seconds 1767261600 = 2026-01-01T10:00Z
    expect(trades.map((t) => [t.symbol, t.side, t.pnl, t.closedAt])).toEqual([
      ["BTC/USD", "long", 1 * (110 - 100) - 0.5, Date.parse("2026-01-01T00:00:00Z")],
      ["ETH/USD", "short", 2 * (50 - 45) - 1, 1767261600 * 1000],
    ]);
    expect(trades[0]?.strategy).toBe("default");
  });

  it("names file, line, column and value of a bad cell", () => {
    const bad = errorOf(() =>
      parseTradesCsv(
        `${header}\n2026-01-01,BTC/USD,long,1,100,110,0\n2026-01-02,BTC/USD,long,1,1o0,110,0\n`,
        "t.csv",
      ),
    );
    expect(bad.message).toBe(
      'Invalid CSV "t.csv" line 3, column 5: "entry_price" was "1o0", not a number',
    );
    expect([bad.file, bad.line, bad.column]).toEqual(["t.csv", 3, 5]);
    expect(
      errorOf(() => parseTradesCsv(`${header}\n2026-01-01,BTC/USD,up,1,100,110,0\n`, "t.csv"))
        .message,
    ).toBe(
      'Invalid CSV "t.csv" line 2, column 3: "side" was "up", must be long, short, buy or sell',
    );
    expect(
      errorOf(() => parseTradesCsv(`${header}\nyesterday,BTC/USD,long,1,100,110,0\n`, "t.csv"))
        .message,
    ).toBe(
      'Invalid CSV "t.csv" line 2, column 1: "closed_at" was "yesterday", not a timestamp (ISO 8601, or epoch seconds or milliseconds)',
    );
    expect(
      errorOf(() => parseTradesCsv(`${header}\n2026-01-01,BTC/USD,long,1,100,110\n`, "t.csv"))
        .message,
    ).toBe(
      'Invalid CSV "t.csv" line 2, column 7: the row has 6 cells, "fee" is missing (header has 7)',
    );
    expect(
      errorOf(() => parseTradesCsv(`${header}\n2026-01-01,BTC/USD,long,-1,100,110,0\n`, "t.csv"))
        .message,
    ).toBe('Invalid CSV "t.csv" line 2, column 4: "quantity" was -1, must be ≥ 0');
  });

  it("lists missing header columns", () => {
    expect(errorOf(() => parseTradesCsv("closed_at,symbol,side\n", "t.csv")).message).toBe(
      'Invalid CSV "t.csv" line 1: missing columns "quantity", "entry_price", "exit_price", "fee"; the header must name closed_at,symbol,side,quantity,entry_price,exit_price,fee (was closed_at,symbol,side)',
    );
  });
});

describe("equity CSV", () => {
  it("reads and sorts points, CRLF and blank lines included", () => {
    expect(
      parseEquityCsv("timestamp,equity\r\n2026-01-02,1010\r\n\r\n2026-01-01,1000\r\n", "e.csv"),
    ).toEqual([
      { timestamp: Date.parse("2026-01-01T00:00:00Z"), equity: 1000 },
      { timestamp: Date.parse("2026-01-02T00:00:00Z"), equity: 1010 },
    ]);
  });

  it("refuses a repeated timestamp, naming both lines", () => {
    expect(
      errorOf(() =>
        parseEquityCsv("timestamp,equity\n2026-01-01,1\n2026-01-02,2\n2026-01-01,3\n", "e.csv"),
      ).message,
    ).toBe(
      'Invalid CSV "e.csv" line 4, column 1: "timestamp" 2026-01-01T00:00:00.000Z repeats line 2',
    );
  });
});

describe("parseCsv", () => {
  it("handles quoted fields with commas, escaped quotes and newlines", () => {
    const table = parseCsv('a,b\n"x, y","say ""hi""\nthere"\n', "q.csv");
    expect(table.rows).toEqual([{ line: 2, cells: ["x, y", 'say "hi"\nthere'] }]);
  });

  it("reports an unterminated quote where it opened", () => {
    expect(errorOf(() => parseCsv('a,b\n1,"open\n2,3\n', "q.csv")).message).toBe(
      'Invalid CSV "q.csv" line 2, column 2: unterminated quoted field',
    );
    expect(errorOf(() => parseCsv("", "q.csv")).message).toBe(
      'Invalid CSV "q.csv" line 1: the file is empty, a header line was expected',
    );
  });
});
