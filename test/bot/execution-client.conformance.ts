/** @module The order-lifecycle conformance suite every execution client runs through. */
import { describe, expect, it } from "vitest";
import type {
  ExecutionClient,
  ExecutionReport,
  OrderRequest,
} from "../../src/bot/execution/execution-client.js";
import type { Bar } from "../../src/bot/types.js";

/** What the suite needs from an implementation under test. */
export interface ConformanceSubject {
  /** A client with `cash` of quote currency, no faults, on a clock the suite can move. */
  create(cash: number): { client: ExecutionClient; advance(milliseconds: number): void };
}

const bar = (
  close: number,
  low = close * 0.999,
  high = close * 1.001,
  volume = 1_000_000,
): Bar => ({
  symbol: "BTC/USD",
  timestamp: 0,
  open: close,
  high,
  low,
  close,
  volume,
});

let sequence = 0;
const request = (overrides: Partial<OrderRequest>): OrderRequest => ({
  clientOrderId: `c${++sequence}`,
  strategy: "test",
  symbol: "BTC/USD",
  side: "buy",
  type: "market",
  quantity: 1,
  limitPrice: undefined,
  referencePrice: 100,
  ...overrides,
});

const fills = (reports: readonly ExecutionReport[]) =>
  reports.filter((report) => report.kind === "fill");

/** Runs the shared order-lifecycle cases against one execution client implementation. */
export function executionClientConformance(name: string, subject: ConformanceSubject): void {
  describe(`${name} follows the order lifecycle`, () => {
    it("acknowledges then completely fills a market order, with positive latencies and fees", async () => {
      const { client } = subject.create(10_000);
      client.onBar(bar(100));
      const order = request({ quantity: 2 });
      const { value: reports } = await client.submitOrder(order);
      expect(reports[0]?.kind).toBe("acknowledged");
      const filled = fills(reports);
      expect(filled.length).toBeGreaterThan(0);
      expect(filled.reduce((sum, fill) => sum + fill.quantity, 0)).toBeCloseTo(2, 9);
      expect(filled.at(-1)?.remainingQuantity).toBe(0);
      expect(filled.every((fill) => fill.fee > 0 && fill.latencySeconds > 0)).toBe(true);
      expect(reports[0]?.kind === "acknowledged" && reports[0].latencySeconds > 0).toBe(true);
    });

    it("rests a limit order until a bar trades through it, then fills it as maker", async () => {
      const { client } = subject.create(10_000);
      client.onBar(bar(100));
      const order = request({ type: "limit", limitPrice: 95, quantity: 1 });
      const { value: reports } = await client.submitOrder(order);
      expect(fills(reports)).toHaveLength(0);
      expect(client.openOrderIds()).toContain(order.clientOrderId);
      client.onBar(bar(97, 96.5, 97.5));
      expect(client.drainReports()).toHaveLength(0);
      client.onBar(bar(95.5, 94, 96));
      const later = fills(client.drainReports());
      expect(later).toHaveLength(1);
      expect(later[0]?.price).toBe(95);
      expect(later[0]?.liquidity).toBe("maker");
      expect(client.openOrderIds()).not.toContain(order.clientOrderId);
    });

    it("cancels an open order and reports it; cancelling again fails with OrderNotFound", async () => {
      const { client } = subject.create(10_000);
      client.onBar(bar(100));
      const order = request({ type: "limit", limitPrice: 90 });
      await client.submitOrder(order);
      const { value } = await client.cancelOrder(order.clientOrderId);
      expect(value[0]?.kind).toBe("cancelled");
      await expect(client.cancelOrder(order.clientOrderId)).rejects.toMatchObject({
        name: "OrderNotFound",
      });
    });

    it("expires a limit order that never fills", async () => {
      const { client, advance } = subject.create(10_000);
      client.onBar(bar(100));
      const order = request({ type: "limit", limitPrice: 50 });
      await client.submitOrder(order);
      advance(24 * 3_600_000);
      client.onBar(bar(100));
      const reports = client.drainReports();
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatchObject({ kind: "cancelled", reason: "expired", filledQuantity: 0 });
    });

    it("rejects orders the balance cannot pay for with InsufficientFunds, and changes nothing", async () => {
      const { client } = subject.create(100);
      client.onBar(bar(100));
      await expect(client.submitOrder(request({ quantity: 5 }))).rejects.toMatchObject({
        name: "InsufficientFunds",
      });
      await expect(
        client.submitOrder(request({ side: "sell", quantity: 1 })),
      ).rejects.toMatchObject({
        name: "InsufficientFunds",
      });
      const { value } = await client.submitOrder(request({ quantity: 0.5 }));
      expect(fills(value).length).toBeGreaterThan(0);
    });

    it("rejects a malformed order with InvalidOrder", async () => {
      const { client } = subject.create(10_000);
      client.onBar(bar(100));
      await expect(client.submitOrder(request({ quantity: 0 }))).rejects.toMatchObject({
        name: "InvalidOrder",
      });
      await expect(client.submitOrder(request({ symbol: "NOPE/USD" }))).rejects.toMatchObject({
        name: "InvalidOrder",
      });
    });
  });
}
