import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TradewatchError } from "../../errors.js";
import type { OrderFilled } from "../events.js";
import { MessageBus } from "../message-bus.js";
import { switchboard } from "../switchboard.js";
import { Portfolio } from "./portfolio.js";

let trade = 0;
function fill(
  symbol: string,
  side: "buy" | "sell",
  quantity: number,
  price: number,
  fee: number,
): OrderFilled {
  trade++;
  return {
    type: "OrderFilled",
    timestamp: 0,
    clientOrderId: `o${trade}`,
    strategy: "test",
    symbol,
    side,
    orderType: "market",
    exchangeOrderId: `x${trade}`,
    tradeId: `t${trade}`,
    quantity,
    price,
    notional: quantity * price,
    fee,
    liquidity: "taker",
    slippageBps: 0,
    partial: false,
    filledQuantity: quantity,
    remainingQuantity: 0,
    ackToFillSeconds: 0,
    totalFillSeconds: 0,
  };
}

const symbols = ["AAA", "BBB", "CCC"] as const;
const operation = fc.record({
  symbol: fc.constantFrom(...symbols),
  buy: fc.boolean(),
  fraction: fc.double({ min: 0.01, max: 1, noNaN: true }),
  price: fc.double({ min: 0.5, max: 5_000, noNaN: true }),
  mark: fc.double({ min: 0.5, max: 5_000, noNaN: true }),
  feeRate: fc.double({ min: 0.0001, max: 0.01, noNaN: true }),
});

describe("Portfolio accounting", () => {
  it("keeps cash + position value = NAV = initial cash + realised + unrealised PnL after any fills", () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 60 }), (operations) => {
        const bus = new MessageBus();
        const portfolio = new Portfolio(bus, { initialCash: 10_000 });
        portfolio.start();
        let feesCharged = 0;
        let cashFlow = 0;
        for (const op of operations) {
          if (op.buy) {
            // Spend a fraction of the cash a no-margin account can afford, fee included.
            const quantity = (portfolio.cash * op.fraction) / (op.price * (1 + op.feeRate));
            if (!(quantity * op.price > 1e-9)) continue;
            const fee = quantity * op.price * op.feeRate;
            bus.publish(
              switchboard.orders("test"),
              fill(op.symbol, "buy", quantity, op.price, fee),
            );
            feesCharged += fee;
            cashFlow -= quantity * op.price + fee;
          } else {
            const quantity = portfolio.quantity(op.symbol) * op.fraction;
            if (!(quantity > 0)) continue;
            const fee = quantity * op.price * op.feeRate;
            bus.publish(
              switchboard.orders("test"),
              fill(op.symbol, "sell", quantity, op.price, fee),
            );
            feesCharged += fee;
            cashFlow += quantity * op.price - fee;
          }
          portfolio.onBar({
            type: "BarReceived",
            timestamp: 0,
            source: "sim",
            duration: "1m",
            freshnessSeconds: 0,
            bar: {
              symbol: op.symbol,
              timestamp: 0,
              open: op.mark,
              high: op.mark,
              low: op.mark,
              close: op.mark,
              volume: 1,
            },
          });
          const positionsValue = symbols.reduce(
            (sum, symbol) => sum + portfolio.quantity(symbol) * (portfolio.markPrice(symbol) ?? 0),
            0,
          );
          const tolerance = 1e-6 * Math.max(1, portfolio.nav);
          expect(portfolio.cash + positionsValue).toBeCloseTo(portfolio.nav, 6);
          expect(
            Math.abs(portfolio.nav - (10_000 + portfolio.realizedPnl + portfolio.unrealizedPnl)),
          ).toBeLessThan(tolerance);
          expect(Math.abs(portfolio.cash - (10_000 + cashFlow))).toBeLessThan(tolerance);
          expect(portfolio.cash).toBeGreaterThanOrEqual(0);
          expect(portfolio.feesPaid).toBeCloseTo(feesCharged, 6);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("charges the fee of every fill, so a round trip at one price loses exactly the fees", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1_000, noNaN: true }),
        fc.double({ min: 0.001, max: 5, noNaN: true }),
        fc.double({ min: 0.0001, max: 0.01, noNaN: true }),
        (price, quantity, feeRate) => {
          const bus = new MessageBus();
          const portfolio = new Portfolio(bus, { initialCash: 100_000 });
          const buyFee = price * quantity * feeRate;
          const sellFee = price * quantity * feeRate;
          portfolio.applyFill(fill("AAA", "buy", quantity, price, buyFee));
          portfolio.applyFill(fill("AAA", "sell", quantity, price, sellFee));
          expect(portfolio.feesPaid).toBeCloseTo(buyFee + sellFee, 9);
          expect(portfolio.realizedPnl).toBeCloseTo(-(buyFee + sellFee), 9);
          expect(portfolio.nav).toBeCloseTo(100_000 - buyFee - sellFee, 6);
          expect(portfolio.feesPaid).toBeGreaterThan(0);
        },
      ),
    );
  });

  it("refuses a fill that would make cash negative (no margin) or sell more than held", () => {
    const portfolio = new Portfolio(new MessageBus(), { initialCash: 1_000 });
    expect(() => portfolio.applyFill(fill("AAA", "buy", 10, 100, 1))).toThrow(TradewatchError);
    expect(portfolio.cash).toBe(1_000);
    portfolio.applyFill(fill("AAA", "buy", 5, 100, 0.5));
    expect(() => portfolio.applyFill(fill("AAA", "sell", 6, 100, 0.5))).toThrow(/long only/);
  });

  it("computes the average price, realised PnL on sells and drawdown from the NAV peak", () => {
    const bus = new MessageBus();
    const portfolio = new Portfolio(bus, { initialCash: 10_000 });
    portfolio.applyFill(fill("AAA", "buy", 10, 100, 0));
    portfolio.applyFill(fill("AAA", "buy", 10, 200, 0));
    expect(portfolio.positions()[0]?.averagePrice).toBe(150);
    portfolio.applyFill(fill("AAA", "sell", 5, 250, 1));
    expect(portfolio.realizedPnl).toBeCloseTo(5 * 100 - 1, 9);
    portfolio.revalue(0);
    const peak = portfolio.nav;
    portfolio.onBar({
      type: "BarReceived",
      timestamp: 0,
      source: "sim",
      duration: "1m",
      freshnessSeconds: 0,
      bar: { symbol: "AAA", timestamp: 0, open: 100, high: 100, low: 100, close: 100, volume: 1 },
    });
    portfolio.revalue(60_000);
    const expected = ((peak - portfolio.nav) / peak) * 100;
    expect(portfolio.drawdownPct).toBeCloseTo(expected, 9);
    expect(portfolio.maxDrawdownPct).toBeCloseTo(expected, 9);
    const event = portfolio.publish(60_000);
    expect(event.exposureAtRiskPct).toBeCloseTo((15 * 100 * 100) / portfolio.nav, 9);
  });

  it("reports the month's PnL from the NAV at the first valuation of the UTC calendar month (market time)", () => {
    const bus = new MessageBus();
    const portfolio = new Portfolio(bus, { initialCash: 10_000 });
    const mark = (timestamp: number, close: number) =>
      portfolio.onBar({
        type: "BarReceived",
        timestamp,
        source: "sim",
        duration: "1m",
        freshnessSeconds: 0,
        bar: { symbol: "AAA", timestamp, open: close, high: close, low: close, close, volume: 1 },
      });
    const january31 = Date.UTC(2024, 0, 31, 23, 58);
    const february1 = Date.UTC(2024, 1, 1, 0, 1);
    portfolio.applyFill(fill("AAA", "buy", 10, 100, 0));
    mark(january31, 100);
    portfolio.revalue(january31);
    mark(january31 + 60_000, 110);
    portfolio.revalue(january31 + 60_000);
    // Still January: the month started at 10 000, the position gained 100.
    expect(portfolio.publish(january31 + 60_000).monthlyPnl).toBeCloseTo(100, 9);
    portfolio.revalue(february1);
    mark(february1, 90);
    portfolio.revalue(february1 + 60_000);
    const event = portfolio.publish(february1 + 60_000);
    // February started at 10 100 (the first valuation in it); the position then lost 200.
    expect(event.monthlyPnl).toBeCloseTo(-200, 9);
    expect(event.totalPnl).toBeCloseTo(-100, 9);
  });

  it("tracks pending buy orders from submission to fill, cancel or rejection", () => {
    const bus = new MessageBus();
    const portfolio = new Portfolio(bus, { initialCash: 10_000 });
    portfolio.start();
    const base = {
      timestamp: 0,
      strategy: "s",
      symbol: "AAA",
      side: "buy",
      orderType: "limit",
    } as const;
    bus.publish(switchboard.orders("s"), {
      ...base,
      type: "OrderSubmitted",
      clientOrderId: "a",
      quantity: 2,
      limitPrice: 100,
      notional: 200,
      intentToSubmitSeconds: 0,
    });
    bus.publish(switchboard.orders("s"), {
      ...base,
      type: "OrderSubmitted",
      clientOrderId: "b",
      quantity: 1,
      limitPrice: 50,
      notional: 50,
      intentToSubmitSeconds: 0,
    });
    expect(portfolio.pendingOrderCount).toBe(2);
    expect(portfolio.pendingNotional).toBe(250);
    expect(portfolio.availableCash).toBe(9_750);
    bus.publish(switchboard.orders("s"), {
      ...fill("AAA", "buy", 1, 100, 0.05),
      clientOrderId: "a",
      partial: true,
      remainingQuantity: 1,
      filledQuantity: 1,
    });
    expect(portfolio.pendingNotionalOf("AAA")).toBe(150);
    bus.publish(switchboard.orders("s"), {
      ...base,
      type: "OrderCancelled",
      clientOrderId: "b",
      exchangeOrderId: "x",
      reason: "expired",
      filledQuantity: 0,
    });
    expect(portfolio.pendingOrderCount).toBe(1);
    bus.publish(switchboard.orders("s"), {
      ...fill("AAA", "buy", 1, 100, 0.05),
      clientOrderId: "a",
    });
    expect(portfolio.pendingOrderCount).toBe(0);
    expect(portfolio.quantity("AAA")).toBe(2);
  });

  it("publishes PositionClosed with the round trip's realised PnL when a position returns to zero", () => {
    const bus = new MessageBus();
    const portfolio = new Portfolio(bus);
    const closed: { realizedPnl: number; holdingSeconds: number }[] = [];
    bus.subscribe(switchboard.positions, (event) => closed.push(event));
    portfolio.applyFill({ ...fill("AAA", "buy", 2, 100, 0.2), timestamp: 0 });
    portfolio.applyFill({ ...fill("AAA", "sell", 1, 110, 0.11), timestamp: 60_000 });
    expect(closed).toHaveLength(0);
    portfolio.applyFill({ ...fill("AAA", "sell", 1, 120, 0.12), timestamp: 120_000 });
    expect(closed).toHaveLength(1);
    expect(closed[0]?.realizedPnl).toBeCloseTo(10 + 20 - 0.2 - 0.11 - 0.12, 9);
    expect(closed[0]?.holdingSeconds).toBe(120);
  });
});
