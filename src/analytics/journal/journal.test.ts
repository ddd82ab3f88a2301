import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JournalError } from "../journal-error.js";
import { defaultJournalPath } from "./default-journal-path.js";
import { Journal } from "./journal.js";

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "tradewatch-journal-"));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

const fill = (
  fillId: string,
  side: "buy" | "sell",
  quantity: number,
  price: number,
  fee: number,
  timestamp: number,
  symbol = "BTC/USD",
  strategy = "trend",
) => ({ fillId, orderId: `o-${fillId}`, strategy, symbol, side, quantity, price, fee, timestamp });

describe("Journal", () => {
  it("applies fills with average cost and closes a round trip at flat", () => {
    const journal = Journal.open({ path: join(directory, "a.sqlite"), initialCash: 1000 });
    journal.recordFill(fill("1", "buy", 1, 100, 1, 1000));
    const second = journal.recordFill(fill("2", "buy", 1, 110, 1, 2000));
    // average entry = (1 × 100 + 1 × 110) / 2 = 105
    expect(second.position.averagePrice).toBe(105);
    const third = journal.recordFill(fill("3", "sell", 2, 120, 2, 3000));
    // round trip: 2 × (120 - 105) = 30 gross, fees 1 + 1 + 2 = 4 → pnl 26
    expect(third.closedTrade).toMatchObject({
      strategy: "trend",
      side: "long",
      quantity: 2,
      entryPrice: 105,
      exitPrice: 120,
      fee: 4,
      pnl: 26,
      openedAt: 1000,
      closedAt: 3000,
    });
    const state = journal.portfolio();
    // cash = 1000 - 100 - 1 - 110 - 1 + 240 - 2 = 1026
    expect(state.cash).toBe(1026);
    expect(state.realizedPnl).toBe(26);
    expect(state.fees).toBe(4);
    // flat again, but its realised PnL stays on the symbol
    expect(state.positions.map((p) => [p.symbol, p.quantity, p.realizedPnl])).toEqual([
      ["BTC/USD", 0, 26],
    ]);
    expect(journal.trades()).toHaveLength(1);
    journal.close();
  });

  it("flips through flat: closes the long, opens a short with the rest and a pro-rata fee", () => {
    const journal = Journal.open({ path: ":memory:", initialCash: 0 });
    journal.recordFill(fill("1", "buy", 1, 100, 0, 1));
    const flip = journal.recordFill(fill("2", "sell", 3, 90, 3, 2));
    // closes 1 long at 90: gross -10, close fee 3 × 1/3 = 1 → trade pnl -11
    expect(flip.closedTrade?.pnl).toBe(-11);
    expect(flip.position.quantity).toBe(-2);
    expect(flip.position.averagePrice).toBe(90);
    expect(flip.position.tradeFees).toBe(2);
    // cover the short at 80: 2 × (90 - 80) = 20 gross - 2 fees = 18
    const cover = journal.recordFill(fill("3", "buy", 2, 80, 0, 3));
    expect(cover.closedTrade).toMatchObject({ side: "short", quantity: 2, pnl: 18 });
    expect(journal.portfolio().realizedPnl).toBe(-10 - 3 + 20);
    journal.close();
  });

  it("ignores a fill id it has already journaled", () => {
    const journal = Journal.open({ path: ":memory:", initialCash: 100 });
    expect(journal.recordFill(fill("same", "buy", 1, 10, 0, 1)).recorded).toBe(true);
    expect(journal.recordFill(fill("same", "buy", 1, 10, 0, 1)).recorded).toBe(false);
    expect(journal.portfolio().cash).toBe(90);
    expect(journal.portfolio().fillCount).toBe(1);
    journal.close();
  });

  it("restores positions, cash and PnL bit for bit after reopening", () => {
    const path = defaultJournalPath("restore-bot", directory);
    const journal = Journal.open({ path, initialCash: 10_000, botId: "restore-bot" });
    let t = 0;
    for (let i = 0; i < 50; i++) {
      const symbol = i % 2 === 0 ? "BTC/USD" : "ETH/USD";
      journal.recordFill(
        fill(
          `f${i}`,
          i % 3 === 2 ? "sell" : "buy",
          0.1 + i / 100,
          100 + i * 0.37,
          0.013,
          (t += 1000),
          symbol,
        ),
      );
    }
    journal.recordCashMove({ kind: "deposit", amount: 500, timestamp: (t += 1) });
    journal.recordEquity({ timestamp: t, equity: 12_345.67 });
    const before = journal.portfolio();
    journal.close();
    const reopened = Journal.open({ path, botId: "restore-bot", initialCash: 1 });
    expect(reopened.portfolio()).toEqual(before);
    expect(reopened.portfolio().netDeposits).toBe(10_500);
    reopened.close();
  });

  it("refuses a journal written by another bot, naming the file", () => {
    const path = join(directory, "bot.sqlite");
    Journal.open({ path, botId: "alpha" }).close();
    expect(() => Journal.open({ path, botId: "beta" })).toThrow(
      `Journal "${path}" belongs to bot "alpha", was opened for bot "beta"`,
    );
  });

  it("rejects a malformed fill with every problem named", () => {
    const journal = Journal.open({ path: ":memory:" });
    let error: unknown;
    try {
      journal.recordFill(fill("bad", "buy", -1, 0, -2, 1));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(JournalError);
    expect((error as JournalError).code).toBe("ERR_INVALID_VALUE");
    expect((error as JournalError).message).toBe(
      'Invalid fill "bad" for journal ":memory:": quantity was -1, must be a finite number > 0; price was 0, must be a finite number > 0; fee was -2, must be ≥ 0',
    );
    expect(journal.portfolio().fillCount).toBe(0);
    journal.close();
  });

  it("tracks order status and filled quantity", () => {
    const journal = Journal.open({ path: ":memory:" });
    journal.recordOrder({
      orderId: "o-1",
      strategy: "trend",
      symbol: "BTC/USD",
      side: "buy",
      type: "limit",
      quantity: 2,
      price: 100,
      status: "submitted",
      timestamp: 1,
    });
    journal.recordFill({ ...fill("1", "buy", 1, 100, 0, 2), orderId: "o-1" });
    expect(journal.orders()[0]).toMatchObject({ status: "partially_filled", filledQuantity: 1 });
    journal.recordFill({ ...fill("2", "buy", 1, 100, 0, 3), orderId: "o-1" });
    expect(journal.orders()[0]).toMatchObject({ status: "filled", filledQuantity: 2 });
    journal.close();
  });

  it("downsamples equity by age and expires records past the retention", () => {
    const journal = Journal.open({ path: ":memory:", maintenanceIntervalMs: 0 });
    const day = 86_400_000;
    const now = 30 * day;
    // one point every 10 s for 10 days before `now`
    for (let t = now - 10 * day; t < now; t += 10_000)
      journal.recordEquity({ timestamp: t, equity: t / day });
    expect(journal.counts().equity_snapshots).toBe(86_400);
    const result = journal.prune(now);
    // < 1 day old: 8,640 points kept; 1–7 days: one a minute = 6 × 1,440; 7–10 days: one per 15 min = 3 × 96
    expect(journal.counts().equity_snapshots).toBe(8_640 + 6 * 1_440 + 3 * 96);
    expect(result.equityPointsDownsampled).toBe(86_400 - (8_640 + 6 * 1_440 + 3 * 96));
    // the kept point of each minute is its last one, so the latest value of every day survives
    const points = journal.equity({ from: now - 2 * day, to: now - day });
    expect(points.at(-1)?.timestamp).toBe(now - day - 10_000);
    // a second prune changes nothing
    expect(journal.prune(now).equityPointsDownsampled).toBe(0);
    journal.recordFill(fill("old", "buy", 1, 10, 0, now - 5 * day));
    journal.recordFill(fill("new", "buy", 1, 10, 0, now - day));
    const expired = journal.prune(now, 2 * day);
    expect(expired.recordsExpired).toBeGreaterThan(0);
    expect(journal.fills().map((f) => f.fillId)).toEqual(["new"]);
    // the position built from the expired fill is still there
    expect(journal.portfolio().positions[0]?.quantity).toBe(2);
    journal.close();
  });

  it("keeps growth bounded by pruning itself hourly, ending where one full prune would", () => {
    const journal = Journal.open({ path: ":memory:" });
    const day = 86_400_000;
    const end = 40 * day;
    let largest = 0;
    for (let t = end - 3 * day; t < end; t += 10_000) {
      journal.recordEquity({ timestamp: t, equity: 1 + t / day });
      if (t % 3_600_000 === 0) largest = Math.max(largest, journal.counts().equity_snapshots!);
    }
    // never more than a day of raw points, two days at one a minute and an hour not yet pruned
    expect(largest).toBeLessThanOrEqual(8_640 + 2 * 1_440 + 360);
    journal.prune(end);
    // same as a single prune of the raw curve: the last day raw, the two before one a minute
    expect(journal.counts().equity_snapshots).toBe(8_640 + 2 * 1_440);
    const minutes = journal.equity({ to: end - day }).map((point) => point.timestamp);
    expect(new Set(minutes.map((t) => Math.floor(t / 60_000))).size).toBe(minutes.length);
    journal.close();
  });

  it("refuses files that are not journals, naming them", () => {
    const text = join(directory, "notes.txt");
    writeFileSync(
      text,
      "not a database at all, just some text long enough to have a header.....\n".repeat(20),
    );
    expect(() => Journal.open({ path: text })).toThrow(
      `Cannot open journal "${text}": file is not a database`,
    );
    const other = join(directory, "other.sqlite");
    const database = new Database(other);
    database.exec("CREATE TABLE customers (id INTEGER)");
    database.close();
    expect(() => Journal.open({ path: other })).toThrow(
      `Cannot open journal "${other}": it is a SQLite database but not a tradewatch journal (tables customers)`,
    );
    expect(() => Journal.open({ path: join(directory, "missing.sqlite"), readOnly: true })).toThrow(
      /Cannot open journal ".*missing.sqlite": unable to open database file/,
    );
  });
});
