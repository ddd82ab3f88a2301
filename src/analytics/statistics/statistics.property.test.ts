import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maxDrawdown } from "./max-drawdown.js";
import { sharpeRatio } from "./sharpe-ratio.js";
import { winRate } from "./win-rate.js";

const periodReturn = fc.double({ min: -0.5, max: 0.5, noNaN: true });
const pnl = fc.double({ min: -1e6, max: 1e6, noNaN: true });

describe("statistic properties", () => {
  it("multiplying every return by a positive constant leaves the Sharpe ratio unchanged", () => {
    fc.assert(
      fc.property(
        fc.array(periodReturn, { minLength: 2, maxLength: 200 }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (returns, scale) => {
          const before = sharpeRatio(returns);
          const after = sharpeRatio(returns.map((r) => r * scale));
          if (Number.isNaN(before) || Number.isNaN(after)) {
            // Zero variance stays zero variance at any positive scale, up to rounding at EPSILON.
            return;
          }
          // Equal up to rounding, and rounding is relative: the two-pass deviation carries an
          // error of a few ε·|mean| against a std that can be tiny, so its relative error grows
          // with |mean / std| = |Sharpe| / √252 (a Sharpe of 5e5 moved by 3e-12 relatively, 2e-6 absolutely).
          const tolerance = 100 * Number.EPSILON * (1 + Math.abs(before) / Math.sqrt(252));
          expect(Math.abs(after - before) / Math.max(1, Math.abs(before))).toBeLessThanOrEqual(
            tolerance,
          );
        },
      ),
      // Found by CI: nearly equal returns, a Sharpe ratio of 5.4e5.
      { examples: [[[0.49998239243315523, 0.4999616328605414], 0.001]] },
    );
  });

  it("adding a losing trade never raises the win rate", () => {
    fc.assert(
      fc.property(
        fc.array(pnl, { maxLength: 200 }),
        fc.double({ min: -1e6, max: 0, noNaN: true }),
        (pnls, loss) => {
          const before = winRate(pnls);
          const after = winRate([...pnls, loss]);
          if (pnls.length === 0) expect(after).toBe(0);
          else expect(after).toBeLessThanOrEqual(before);
        },
      ),
    );
  });

  it("the drawdown depth stays within [-1, 0] for any returns, even beyond -100 %", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 1, maxLength: 300 }),
        (returns) => {
          const { depth, duration } = maxDrawdown(returns);
          expect(depth).toBeGreaterThanOrEqual(-1);
          expect(depth).toBeLessThanOrEqual(0);
          expect(duration).toBeGreaterThanOrEqual(0);
          expect(duration).toBeLessThanOrEqual(returns.length);
        },
      ),
    );
  });
});
