import { describe, expect, it } from "vitest";
import { SimulatedClock } from "../../src/bot/clock.js";
import { PaperExchange } from "../../src/bot/execution/paper/paper-exchange.js";
import { executionClientConformance } from "./execution-client.conformance.js";

executionClientConformance("PaperExchange", {
  create(cash) {
    const clock = new SimulatedClock(Date.UTC(2024, 0, 1));
    return {
      client: new PaperExchange(clock, { initialCash: cash }),
      advance: (ms) => clock.advance(ms),
    };
  },
});

const bar = {
  symbol: "BTC/USD",
  timestamp: 0,
  open: 100,
  high: 101,
  low: 99,
  close: 100,
  volume: 1_000_000,
};
const order = (id: string) => ({
  clientOrderId: id,
  strategy: "test",
  symbol: "BTC/USD",
  side: "buy" as const,
  type: "market" as const,
  quantity: 1,
  limitPrice: undefined,
  referencePrice: 100,
});

describe("PaperExchange faults", () => {
  it("injects each fault with the class name, HTTP status and message a ccxt exchange produces", async () => {
    const cases = [
      ["timeout", "RequestTimeout", undefined, /timed out/],
      ["rateLimit", "RateLimitExceeded", 429, /429 Too Many Requests/],
      ["serverError", "ExchangeNotAvailable", 503, /503 Service Unavailable/],
      ["disconnect", "NetworkError", undefined, /ECONNREFUSED/],
      ["rejection", "InvalidOrder", 400, /Filter failure/],
    ] as const;
    for (const [fault, name, status, message] of cases) {
      const exchange = new PaperExchange(new SimulatedClock(0), {
        faults: { rates: { [fault]: 1 } },
      });
      exchange.onBar(bar);
      const error = await exchange.submitOrder(order("a")).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name, httpStatus: status });
      expect((error as Error).message).toMatch(message);
    }
  });

  it("keeps a disconnect and maintenance down for their configured time", async () => {
    const clock = new SimulatedClock(0);
    const exchange = new PaperExchange(clock, {
      faults: { rates: { maintenance: 1 }, maintenanceSeconds: { min: 5, max: 5 } },
    });
    await expect(exchange.fetchStatus()).rejects.toMatchObject({
      name: "OnMaintenance",
      httpStatus: 503,
    });
    const healthy = new PaperExchange(clock, {
      faults: { rates: { disconnect: 1 }, disconnectSeconds: { min: 3, max: 3 } },
    });
    await expect(healthy.fetchStatus()).rejects.toMatchObject({ name: "NetworkError" });
    clock.advance(2_000);
    await expect(healthy.fetchStatus()).rejects.toMatchObject({
      name: "NetworkError",
      message: /ECONNRESET/,
    });
  });

  it("fails about as often as the configured rate", async () => {
    const exchange = new PaperExchange(new SimulatedClock(0), {
      seed: 3,
      faults: { rates: { serverError: 0.2 } },
    });
    let failures = 0;
    for (let index = 0; index < 2_000; index++) {
      await exchange.fetchStatus().catch(() => failures++);
    }
    expect(failures / 2_000).toBeGreaterThan(0.17);
    expect(failures / 2_000).toBeLessThan(0.23);
  });

  it("keeps its balances consistent with what it filled", async () => {
    const exchange = new PaperExchange(new SimulatedClock(0), { initialCash: 10_000 });
    exchange.onBar(bar);
    const { value } = await exchange.submitOrder({ ...order("b"), quantity: 30 });
    let cost = 0;
    let quantity = 0;
    for (const report of value) {
      if (report.kind === "fill") {
        cost += report.quantity * report.price + report.fee;
        quantity += report.quantity;
      }
    }
    expect(exchange.cash).toBeCloseTo(10_000 - cost, 6);
    expect(exchange.balanceOf("BTC/USD")).toBeCloseTo(quantity, 9);
  });
});
