/**
 * @module `tradewatch run --influx-url` against the real InfluxDB 1.x (Debian influxd): the
 * bot's fills arrive as points of measurement `fills` (tags symbol, side, strategy, bot;
 * fields price, quantity, fee, notional; the fill's time), read back through InfluxQL equal to
 * the journal's fills, beside the registry's samples; closed positions as `positions_closed`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Journal } from "../../src/analytics/index.js";
import { MessageBus } from "../../src/bot/message-bus.js";
import { switchboard } from "../../src/bot/switchboard.js";
import { subscribeTradeEventPoints } from "../../src/bot/telemetry/influx-trade-events.js";
import type { InfluxPoint } from "../../src/exporter/influx/line-protocol.js";
import { type InfluxDbServer, startInfluxDb } from "../support/influxdb.js";
import { startTradewatchRun } from "../support/tradewatch-run.js";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("trade events as InfluxDB points", () => {
  const fill = (tradeId: string, timestamp: number, price: number) =>
    ({
      type: "OrderFilled",
      timestamp,
      clientOrderId: `o-${tradeId}`,
      strategy: "trend_momentum",
      symbol: "BTC/USD",
      side: "buy",
      orderType: "market",
      exchangeOrderId: `x-${tradeId}`,
      tradeId,
      quantity: 0.5,
      price,
      notional: 0.5 * price,
      fee: 0.1,
      liquidity: "taker",
      slippageBps: 1,
      partial: false,
      filledQuantity: 0.5,
      remainingQuantity: 0,
      ackToFillSeconds: 0.01,
      totalFillSeconds: 0.02,
    }) as const;

  it("writes each fill and closed position at its time (whole ms); a second fill of a series in the same millisecond 1 ms later, the same way for the same events", () => {
    const points: InfluxPoint[] = [];
    let bus = new MessageBus();
    const subscribe = () =>
      subscribeTradeEventPoints(bus, { add: (added) => points.push(...added) }, { bot: "paper" });
    let unsubscribe = subscribe();
    const topic = switchboard.orders("trend_momentum");
    const run = () => {
      bus.publish(topic, fill("T1", 1_000, 100));
      bus.publish(topic, fill("T2", 1_000.6, 101));
      bus.publish(topic, fill("T3", 2_000, 102));
      bus.publish(switchboard.positions, {
        type: "PositionClosed",
        timestamp: 2_000,
        symbol: "BTC/USD",
        realizedPnl: 3.5,
        holdingSeconds: 60,
      });
    };
    run();
    expect(points).toEqual([
      {
        measurement: "fills",
        tags: { symbol: "BTC/USD", side: "buy", strategy: "trend_momentum", bot: "paper" },
        fields: { price: 100, quantity: 0.5, fee: 0.1, notional: 50 },
        timestampMs: 1_000,
      },
      expect.objectContaining({
        fields: expect.objectContaining({ price: 101 }),
        timestampMs: 1_001,
      }),
      expect.objectContaining({
        fields: expect.objectContaining({ price: 102 }),
        timestampMs: 2_000,
      }),
      {
        measurement: "positions_closed",
        tags: { symbol: "BTC/USD", bot: "paper" },
        fields: { realized_pnl: 3.5, holding_seconds: 60 },
        timestampMs: 2_000,
      },
    ]);
    const first = points.splice(0);
    unsubscribe();
    run();
    expect(points).toEqual([]);
    bus = new MessageBus();
    unsubscribe = subscribe();
    run();
    expect(points).toEqual(first);
    unsubscribe();
  });
});

describe("tradewatch run --influx-url (real influxd)", () => {
  let influx: InfluxDbServer;
  let directory: string;

  beforeAll(async () => {
    influx = await startInfluxDb();
    directory = await mkdtemp(join(tmpdir(), "tradewatch-run-influx-"));
  }, 60_000);

  afterAll(async () => {
    await influx?.stop();
    if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  });

  it("writes every fill of the journal, read back through InfluxQL, and the registry through the same writer", async () => {
    const journalPath = join(directory, "paper.sqlite");
    const bot = await startTradewatchRun({
      args: [
        "--quiet",
        "--journal",
        journalPath,
        "--influx-url",
        influx.url,
        "--influx-database",
        "trades",
        "--influx-interval",
        "1",
      ],
    });
    try {
      // Fills arrive within seconds on the default simulated market; wait for some to be written.
      const deadline = Date.now() + 60_000;
      for (;;) {
        const series = await influx
          .query('SELECT count("price") FROM "fills"', "trades")
          .catch(() => []);
        const count = Number(series[0]?.values[0]?.[1] ?? 0);
        if (count >= 5 || Date.now() > deadline) break;
        await sleep(1_000);
      }
    } finally {
      // The bot writes what it buffered on the way out.
      await bot.stop();
    }
    expect(bot.output()).not.toMatch(/InfluxDB|points not written/);

    const journal = Journal.open({ path: journalPath, readOnly: true });
    const fills = journal.fills();
    journal.close();
    expect(fills.length).toBeGreaterThanOrEqual(5);

    // What the journal's fills should look like in InfluxDB: its time, 1 ms later per earlier
    // fill of the same series in the same millisecond.
    const seen = new Map<string, number>();
    const expected = fills
      .map((f) => {
        const ms = Math.trunc(f.timestamp);
        const key = `${f.symbol}|${f.side}|${f.strategy}|${ms}`;
        const earlier = seen.get(key) ?? 0;
        seen.set(key, earlier + 1);
        return {
          time: ms + earlier,
          symbol: f.symbol,
          side: f.side,
          strategy: f.strategy,
          bot: "paper",
          price: f.price,
          quantity: f.quantity,
          fee: f.fee,
          notional: f.quantity * f.price,
        };
      })
      .sort((a, b) => a.time - b.time || a.symbol.localeCompare(b.symbol));

    const [series] = await influx.query(
      'SELECT "price", "quantity", "fee", "notional", "symbol", "side", "strategy", "bot" FROM "fills"',
      "trades",
    );
    const index = (name: string) => series!.columns.indexOf(name);
    const read = series!.values
      .map((row) => ({
        time: Date.parse(String(row[index("time")])),
        symbol: row[index("symbol")] as string,
        side: row[index("side")] as string,
        strategy: row[index("strategy")] as string,
        bot: row[index("bot")] as string,
        price: row[index("price")] as number,
        quantity: row[index("quantity")] as number,
        fee: row[index("fee")] as number,
        notional: row[index("notional")] as number,
      }))
      .sort((a, b) => a.time - b.time || a.symbol.localeCompare(b.symbol));
    expect(read.length).toBe(expected.length);
    for (const [i, point] of read.entries()) {
      const want = expected[i]!;
      expect({ ...point, notional: 0 }).toEqual({ ...want, notional: 0 });
      expect(point.notional).toBeCloseTo(want.notional, 6);
    }

    // The tags are tags (InfluxQL groups by them), and the registry went through the same writer.
    const tagKeys = await influx.query('SHOW TAG KEYS FROM "fills"', "trades");
    expect(tagKeys[0]?.values.map((row) => row[0])).toEqual(["bot", "side", "strategy", "symbol"]);
    const orders = await influx.query(
      'SELECT last("value") FROM "tradewatch_orders_filled_total"',
      "trades",
    );
    expect(orders.length).toBe(1);
  }, 120_000);
});
