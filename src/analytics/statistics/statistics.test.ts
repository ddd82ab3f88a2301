import { describe, expect, it } from "vitest";
import { averageLoss } from "./average-loss.js";
import { averageWin } from "./average-win.js";
import { bestTrade } from "./best-trade.js";
import { cagr } from "./cagr.js";
import { calmarRatio } from "./calmar-ratio.js";
import { expectancy } from "./expectancy.js";
import { longestLossStreak } from "./longest-loss-streak.js";
import { longestWinStreak } from "./longest-win-streak.js";
import { maxDrawdown } from "./max-drawdown.js";
import { payoffRatio } from "./payoff-ratio.js";
import { profitFactor } from "./profit-factor.js";
import { recoveryTime } from "./recovery-time.js";
import { sharpeRatio } from "./sharpe-ratio.js";
import { sortinoRatio } from "./sortino-ratio.js";
import { totalReturn } from "./total-return.js";
import { tradesPerDay } from "./trades-per-day.js";
import { volatility } from "./volatility.js";
import { winRate } from "./win-rate.js";
import { worstTrade } from "./worst-trade.js";

// Fixtures small enough to compute by hand; each expected value is derived in the comment above it.
const returns = [0.01, -0.02, 0.015, -0.005, 0.025];
// mean = 0.025 / 5 = 0.005
// deviations: 0.005, -0.025, 0.01, -0.01, 0.02 → squares sum = 0.000025 + 0.000625 + 0.0001 + 0.0001 + 0.0004 = 0.00125
// sample variance = 0.00125 / 4 = 0.0003125 → std = 0.0176776695
const pnls = [10, -5, 15, -10];

describe("totalReturn", () => {
  it("compounds the returns: Π(1 + r) - 1", () => {
    // 1.1 × 0.9 - 1 = -0.01
    expect(totalReturn([0.1, -0.1])).toBeCloseTo(-0.01, 12);
    // 1.01 × 0.98 × 1.015 × 0.995 × 1.025 - 1
    expect(totalReturn(returns)).toBeCloseTo(1.01 * 0.98 * 1.015 * 0.995 * 1.025 - 1, 12);
  });
  it("stops at total ruin and is NaN for no periods", () => {
    expect(totalReturn([-1.5, 0.5])).toBe(-1);
    expect(totalReturn([])).toBeNaN();
  });
});

describe("cagr", () => {
  it("annualises the total return by periods observed: (1 + TR)^(P/n) - 1", () => {
    // 126 days that grow 10 % in total → (1.1)^(252/126) - 1 = 0.21
    const daily = 1.1 ** (1 / 126) - 1;
    expect(cagr(Array(126).fill(daily))).toBeCloseTo(0.21, 10);
    // 365-day market: 2 periods of +1 % → 1.0201^(365/2) - 1
    expect(cagr([0.01, 0.01], { periodsPerYear: 365 })).toBeCloseTo(1.0201 ** 182.5 - 1, 8);
  });
  it("is NaN without periods", () => {
    expect(cagr([])).toBeNaN();
  });
});

describe("volatility", () => {
  it("is the sample standard deviation × √periodsPerYear", () => {
    // std = sqrt(0.0003125) = 0.0176776695; × √252 = 0.28062430
    expect(volatility(returns)).toBeCloseTo(Math.sqrt(0.0003125) * Math.sqrt(252), 12);
    expect(volatility(returns)).toBeCloseTo(0.2806243, 6);
    expect(volatility(returns, { periodsPerYear: 365 })).toBeCloseTo(
      Math.sqrt(0.0003125 * 365),
      12,
    );
  });
  it("is 0 for constant returns and NaN for fewer than two", () => {
    expect(volatility([0.01, 0.01, 0.01])).toBe(0);
    expect(volatility([0.01])).toBeNaN();
  });
});

describe("sharpeRatio", () => {
  it("is mean / sample std × √252 (NautilusTrader's own test value 4.48998886412873)", () => {
    // 0.005 / 0.0176776695 × √252 = 0.28284271 × 15.8745079 = 4.48998886
    expect(sharpeRatio(returns)).toBeCloseTo(4.48998886412873, 9);
  });
  it("subtracts the de-compounded per-period risk-free rate", () => {
    // rf per period = 1.05^(1/252) - 1; mean excess = 0.005 - rf; std unchanged
    const rf = 1.05 ** (1 / 252) - 1;
    const expected = ((0.005 - rf) / Math.sqrt(0.0003125)) * Math.sqrt(252);
    expect(sharpeRatio(returns, { riskFreeRate: 0.05 })).toBeCloseTo(expected, 9);
  });
  it("is NaN for zero variance and for fewer than two periods", () => {
    expect(sharpeRatio(Array(10).fill(0.01))).toBeNaN();
    expect(sharpeRatio([0.02])).toBeNaN();
    expect(sharpeRatio([])).toBeNaN();
  });
});

describe("sortinoRatio", () => {
  it("divides by the downside deviation over all periods (NautilusTrader value -5.273224492824493)", () => {
    const r = [-0.01, 0.02, -0.015, 0.005, -0.02];
    // mean = -0.02 / 5 = -0.004
    // downside = sqrt((0.0001 + 0.000225 + 0.0004) / 5) = sqrt(0.000145) = 0.0120415946
    // -0.004 / 0.0120415946 × √252 = -5.27322449
    expect(sortinoRatio(r)).toBeCloseTo((-0.004 / Math.sqrt(0.000145)) * Math.sqrt(252), 12);
    expect(sortinoRatio(r)).toBeCloseTo(-5.273224492824493, 9);
  });
  it("is NaN without any losing period and for fewer than two periods", () => {
    expect(sortinoRatio([0.02, 0.03, 0.01])).toBeNaN();
    expect(sortinoRatio([-0.02])).toBeNaN();
  });
});

describe("maxDrawdown", () => {
  it("measures the deepest decline from a running peak", () => {
    // wealth: 1.1, 0.99 → 0.99 / 1.1 - 1 = -0.1
    expect(maxDrawdown([0.1, -0.1]).depth).toBeCloseTo(-0.1, 12);
    // wealth: 1.1, 0.99, 1.485, 1.188, 1.3068 → deepest 1.188 / 1.485 - 1 = -0.2
    const drawdown = maxDrawdown([0.1, -0.1, 0.5, -0.2, 0.1]);
    expect(drawdown.depth).toBeCloseTo(-0.2, 12);
    expect(drawdown.peakIndex).toBe(2);
    expect(drawdown.troughIndex).toBe(3);
    expect(drawdown.recoveryIndex).toBe(-1);
    // 1 → 0.6 → 0.54: -46 % from the starting wealth
    expect(maxDrawdown([-0.4, -0.1]).depth).toBeCloseTo(-0.46, 12);
  });
  it("counts the longest stretch below a peak as the duration", () => {
    // wealth: 1.1 (peak, i=0), 0.99, 1.0395, 1.14345 (regained at i=3) → 3 periods; later dip at i=4
    const drawdown = maxDrawdown([0.1, -0.1, 0.05, 0.1, -0.01]);
    expect(drawdown.duration).toBe(3);
    expect(drawdown.recoveryIndex).toBe(3);
    // never regained: peak at start (-1), below through i=0..3 → 4 periods
    expect(maxDrawdown([-0.1, 0.01, 0.01, 0.01]).duration).toBe(4);
  });
  it("is 0 for a rising series, NaN for no periods, -1 at ruin", () => {
    expect(maxDrawdown([0.01, 0.02]).depth).toBe(0);
    expect(maxDrawdown([0.01, 0.02]).duration).toBe(0);
    expect(maxDrawdown([]).depth).toBeNaN();
    expect(maxDrawdown([0.1, -2, 0.5]).depth).toBe(-1);
  });
});

describe("recoveryTime", () => {
  it("counts periods from the trough until the peak is regained", () => {
    // wealth: 1.1 (peak), 0.99 (trough i=1), 1.0395, 1.14345 (regained i=3) → 3 - 1 = 2
    expect(recoveryTime([0.1, -0.1, 0.05, 0.1])).toBe(2);
  });
  it("is 0 without a drawdown, NaN while not recovered and for no periods", () => {
    expect(recoveryTime([0.01, 0.02])).toBe(0);
    expect(recoveryTime([0.1, -0.1, 0.01])).toBeNaN();
    expect(recoveryTime([])).toBeNaN();
  });
});

describe("calmarRatio", () => {
  it("is CAGR / |max drawdown|", () => {
    // CAGR with P = 2, n = 2: 0.99^1 - 1 = -0.01; drawdown -0.1 → -0.1
    expect(calmarRatio([0.1, -0.1], { periodsPerYear: 2 })).toBeCloseTo(-0.1, 12);
    // default P = 252: (0.99)^(126) - 1 over 0.1
    expect(calmarRatio([0.1, -0.1])).toBeCloseTo((0.99 ** 126 - 1) / 0.1, 10);
  });
  it("is NaN without a drawdown (not NautilusTrader's 0)", () => {
    expect(calmarRatio([0.01, 0.01])).toBeNaN();
    expect(calmarRatio([])).toBeNaN();
  });
});

describe("trade statistics", () => {
  it("winRate = wins / trades, break-even counts as a loss", () => {
    // 2 wins of 4
    expect(winRate(pnls)).toBe(0.5);
    // 10 wins; 0 and -3 lose → 1 / 3
    expect(winRate([10, 0, -3])).toBeCloseTo(1 / 3, 12);
    expect(winRate([])).toBeNaN();
  });
  it("averageWin and averageLoss average each side", () => {
    // (10 + 15) / 2 = 12.5 ; (-5 - 10) / 2 = -7.5
    expect(averageWin(pnls)).toBe(12.5);
    expect(averageLoss(pnls)).toBe(-7.5);
    // break-even joins the losers: (0 - 20 - 30) / 3
    expect(averageLoss([10, 0, -20, -30])).toBeCloseTo(-50 / 3, 12);
    expect(averageWin([-1, -2])).toBeNaN();
    expect(averageLoss([1, 2])).toBeNaN();
  });
  it("profitFactor = gross profit / gross loss", () => {
    // 25 / 15
    expect(profitFactor(pnls)).toBeCloseTo(25 / 15, 12);
    // (10 + 30) / |-20 - 40| = 0.6667
    expect(profitFactor([10, -20, 30, -40])).toBeCloseTo(2 / 3, 12);
    expect(profitFactor([-1, -2])).toBe(0);
    expect(profitFactor([1, 2])).toBeNaN();
    expect(profitFactor([])).toBeNaN();
  });
  it("expectancy = avgWin × winRate + avgLoss × lossRate", () => {
    // 12.5 × 0.5 + (-7.5) × 0.5 = 2.5
    expect(expectancy(pnls)).toBeCloseTo(2.5, 12);
    // only winners: 20 × 1 = 20; only losers: -20 × 1
    expect(expectancy([10, 20, 30])).toBe(20);
    expect(expectancy([-10, -20, -30])).toBe(-20);
    expect(expectancy([])).toBeNaN();
  });
  it("payoffRatio = averageWin / |averageLoss|", () => {
    // wins 10, 30 → 20; losses -5, -15 → -10 → 2
    expect(payoffRatio([10, -5, 30, -15])).toBe(2);
    expect(payoffRatio([10, 0])).toBeNaN();
    expect(payoffRatio([10, 20])).toBeNaN();
    expect(payoffRatio([])).toBeNaN();
  });
  it("streaks count consecutive wins and losses in order", () => {
    expect(longestWinStreak([1, 2, -1, 3, 4, 5])).toBe(3);
    expect(longestLossStreak([1, -2, 0, -3, 4])).toBe(3);
    expect(longestWinStreak([])).toBe(0);
    expect(longestLossStreak([1, 2])).toBe(0);
  });
  it("bestTrade and worstTrade are the extremes", () => {
    expect(bestTrade([10, -20, 30])).toBe(30);
    expect(worstTrade([10, -20, 30])).toBe(-20);
    expect(bestTrade([-3, -1])).toBe(-1);
    expect(bestTrade([])).toBeNaN();
    expect(worstTrade([])).toBeNaN();
  });
  it("tradesPerDay divides trades by calendar days spanned, at least one", () => {
    const day = 86_400_000;
    // 3 trades from t=0 to t=2 days → 1.5
    expect(tradesPerDay([0, day / 2, 2 * day])).toBe(1.5);
    // burst within an hour counts as one day → 4
    expect(tradesPerDay([0, 1000, 2000, 3000])).toBe(4);
    // explicit 10-day window, 5 trades → 0.5; none → 0
    expect(tradesPerDay([1, 2, 3, 4, 5], { from: 0, to: 10 * day })).toBe(0.5);
    expect(tradesPerDay([], { from: 0, to: 10 * day })).toBe(0);
    expect(tradesPerDay([])).toBeNaN();
  });
});
