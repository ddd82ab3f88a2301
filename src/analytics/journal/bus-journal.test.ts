import { describe, expect, it } from "vitest";
import type { OrderFilled, PortfolioUpdated } from "../../bot/events.js";
import { MessageBus } from "../../bot/message-bus.js";
import { switchboard } from "../../bot/switchboard.js";
import { attachJournal } from "./bus-journal.js";
import { Journal } from "./journal.js";

const base = { strategy: "trend", symbol: "BTC/USD", side: "buy", orderType: "limit" } as const;

function filled(
  tradeId: string,
  side: "buy" | "sell",
  quantity: number,
  price: number,
  timestamp: number,
): OrderFilled {
  return {
    ...base,
    type: "OrderFilled",
    side,
    clientOrderId: `c-${tradeId}`,
    exchangeOrderId: `x-${tradeId}`,
    tradeId,
    quantity,
    price,
    notional: quantity * price,
    fee: quantity * price * 0.001,
    liquidity: "taker",
    slippageBps: 1,
    partial: false,
    filledQuantity: quantity,
    remainingQuantity: 0,
    ackToFillSeconds: 0.01,
    totalFillSeconds: 0.02,
    timestamp,
  };
}

function portfolio(timestamp: number, nav: number, quantity: number): PortfolioUpdated {
  return {
    type: "PortfolioUpdated",
    timestamp,
    nav,
    cash: nav - quantity * 100,
    reservedCash: 0,
    positionsValue: quantity * 100,
    exposureAtRiskPct: 0,
    exposurePendingPct: 0,
    grossExposure: 0,
    netExposure: 0,
    openPositions: quantity === 0 ? 0 : 1,
    pendingOrders: 0,
    positions:
      quantity === 0
        ? []
        : [
            {
              symbol: "BTC/USD",
              quantity,
              averagePrice: 100,
              markPrice: 100,
              value: quantity * 100,
              unrealizedPnl: 0,
              realizedPnl: 0,
            },
          ],
    realizedPnl: 0,
    unrealizedPnl: 0,
    totalPnl: 0,
    dailyPnl: 0,
    monthlyPnl: 0,
    dailyPnlPct: 0,
    weeklyPnlPct: 0,
    totalReturnPct: 0,
    feesPaid: 0,
    drawdownPct: 0,
    maxDrawdownPct: 0,
  };
}

describe("attachJournal", () => {
  it("journals order lifecycle, fills and throttled equity snapshots from the bus", () => {
    const bus = new MessageBus();
    const journal = Journal.open({ path: ":memory:", initialCash: 1000 });
    const busJournal = attachJournal(bus, journal, { equityIntervalMs: 60_000 });
    const orders = switchboard.orders("trend");
    bus.publish(orders, {
      ...base,
      type: "OrderSubmitted",
      clientOrderId: "c-1",
      quantity: 2,
      limitPrice: 100,
      notional: 200,
      intentToSubmitSeconds: 0.001,
      timestamp: 1_000,
    });
    bus.publish(orders, {
      ...base,
      type: "OrderAcknowledged",
      clientOrderId: "c-1",
      exchangeOrderId: "x-1",
      submitToAckSeconds: 0.01,
      timestamp: 1_001,
    });
    bus.publish(orders, { ...filled("1", "buy", 2, 100, 1_002), clientOrderId: "c-1" });
    // The fill is committed by the time publish returns.
    expect(journal.hasFill("1")).toBe(true);
    expect(journal.orders()[0]).toMatchObject({
      orderId: "c-1",
      status: "filled",
      filledQuantity: 2,
    });
    bus.publish(switchboard.portfolio, portfolio(2_000, 999.8, 2));
    bus.publish(switchboard.portfolio, portfolio(30_000, 1001, 2)); // within the interval: no snapshot
    bus.publish(switchboard.portfolio, portfolio(62_000, 1002, 2));
    bus.publish(orders, filled("2", "sell", 2, 110, 63_000));
    bus.publish(switchboard.portfolio, portfolio(63_000, 1019.6, 0));
    bus.publish(orders, {
      ...base,
      type: "OrderRejected",
      clientOrderId: "c-1",
      errorClass: "InvalidOrder",
      reason: "late",
      timestamp: 64_000,
    });

    expect(journal.equity()).toEqual([
      { timestamp: 2_000, equity: 999.8 },
      { timestamp: 62_000, equity: 1002 },
    ]);
    expect(busJournal.fillsRecorded).toBe(2);
    expect(busJournal.snapshotsRecorded).toBe(2);
    const trades = journal.trades();
    // 2 × (110 - 100) - fees 0.2 - 0.22 = 19.58
    expect(trades).toHaveLength(1);
    expect(trades[0]?.pnl).toBeCloseTo(19.58, 10);
    expect(journal.orders().find((o) => o.orderId === "c-1")?.status).toBe("rejected");
    // The bot's position reports: opened to 2, then flat
    expect(journal.counts().position_changes).toBe(2 + 2);

    busJournal.detach();
    bus.publish(orders, filled("3", "buy", 1, 100, 70_000));
    expect(journal.hasFill("3")).toBe(false);
    journal.close();
  });

  it("refuses a reused trade id with different content instead of dropping the fill", () => {
    const bus = new MessageBus();
    const journal = Journal.open({ path: ":memory:" });
    attachJournal(bus, journal);
    bus.publish(switchboard.orders("trend"), filled("T-1", "buy", 1, 100, 1));
    expect(() => bus.publish(switchboard.orders("trend"), filled("T-1", "buy", 1, 101, 2))).toThrow(
      /Fill id "T-1" was already journaled/,
    );
    journal.close();
  });
});
