import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyFill, cashAfterFill, flatPosition } from "./position-accounting.js";
import type { ClosedTrade, FillInput, PositionState } from "./types.js";

const fillArbitrary = fc.record({
  side: fc.constantFrom("buy" as const, "sell" as const),
  quantity: fc.double({ min: 0.001, max: 10, noNaN: true }),
  price: fc.double({ min: 1, max: 1000, noNaN: true }),
  fee: fc.double({ min: 0, max: 5, noNaN: true }),
});

describe("average-cost accounting", () => {
  it("keeps cash + Σ quantity × average price = initial cash + realised PnL, for any fills", () => {
    fc.assert(
      fc.property(fc.array(fillArbitrary, { minLength: 1, maxLength: 60 }), (steps) => {
        let position: PositionState = flatPosition("X", "s", 0);
        let cash = 1000;
        let realized = 0;
        const trades: ClosedTrade[] = [];
        steps.forEach((step, index) => {
          const fill: FillInput = { fillId: String(index), symbol: "X", timestamp: index, ...step };
          const effect = applyFill(position, fill, 1e-9);
          cash = cashAfterFill(cash, fill);
          realized += effect.realizedPnl;
          if (effect.closedTrade !== undefined) trades.push(effect.closedTrade);
          position = effect.position;
        });
        const scale = 1 + Math.abs(cash) + Math.abs(realized);
        // Money is conserved: what left cash is held at cost or was realised.
        expect(
          Math.abs(cash + position.quantity * position.averagePrice - (1000 + realized)),
        ).toBeLessThan(1e-9 * scale);
        // Realised PnL = closed round trips + the open round trip's realised part so far.
        const closed = trades.reduce((sum, trade) => sum + trade.pnl, 0);
        expect(
          Math.abs(closed + (position.tradeGross - position.tradeFees) - realized),
        ).toBeLessThan(1e-9 * scale);
        // A round trip ends flat: it bought and sold the same quantity.
        for (const trade of trades) expect(trade.quantity).toBeGreaterThan(0);
        if (position.quantity === 0) expect(position.averagePrice).toBe(0);
      }),
    );
  });
});
