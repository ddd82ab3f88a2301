import { describe, expect, it } from "vitest";
import { TradewatchError } from "../errors.js";
import { Registry } from "../metrics/index.js";
import { createRecorder } from "./create-recorder.js";
import type { TradingRecorder } from "./trading-recorder.js";

function sampleValue(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

function recorder(): TradingRecorder {
  return createRecorder({
    registry: new Registry(),
    symbols: ["BTC/USDT"],
    universes: { strategy: ["momentum"] },
  });
}

/** Every recorder call that sets a `_ratio` metric, with a percent where the ratio belongs. */
const percentCalls: readonly [string, (recorder: TradingRecorder) => void, RegExp][] = [
  [
    "recordExposure at risk",
    (r) => r.recordExposure(18.5, 0.023),
    /atRiskRatio of recordExposure: was 18\.5.*recordExposurePercent/,
  ],
  [
    "recordExposure pending",
    (r) => r.recordExposure(0.185, 2.3),
    /pendingRatio of recordExposure: was 2\.3/,
  ],
  [
    "recordExposure NaN",
    (r) => r.recordExposure(Number.NaN),
    /atRiskRatio of recordExposure: was NaN/,
  ],
  ["recordExposure negative", (r) => r.recordExposure(-0.5), /was -0\.5/],
  [
    "updatePortfolioMetrics exposure",
    (r) => r.updatePortfolioMetrics({ atRiskExposureRatio: 40 }),
    /atRiskExposureRatio of updatePortfolioMetrics: was 40/,
  ],
  [
    "updatePortfolioMetrics pending",
    (r) => r.updatePortfolioMetrics({ pendingExposureRatio: 5 }),
    /pendingExposureRatio of updatePortfolioMetrics: was 5/,
  ],
  [
    "updatePortfolioMetrics drawdown",
    (r) => r.updatePortfolioMetrics({ drawdownRatio: -8 }),
    /drawdownRatio of updatePortfolioMetrics: was 8/,
  ],
  [
    "updatePortfolioMetrics max drawdown",
    (r) => r.updatePortfolioMetrics({ maxDrawdownRatio: 12 }),
    /maxDrawdownRatio of updatePortfolioMetrics: was 12/,
  ],
  [
    "updatePortfolioMetrics daily return",
    (r) => r.updatePortfolioMetrics({ dailyReturnRatio: -3 }),
    /dailyReturnRatio of updatePortfolioMetrics: was -3, must be a ratio at least -1/,
  ],
  [
    "updatePortfolioMetrics total return",
    (r) => r.updatePortfolioMetrics({ totalReturnRatio: -250 }),
    /totalReturnRatio/,
  ],
  [
    "recordRateLimitUtilization",
    (r) => r.recordRateLimitUtilization(85),
    /ratio of recordRateLimitUtilization: was 85/,
  ],
  [
    "recordDataCompleteness",
    (r) => r.recordDataCompleteness("BTC/USDT", 99),
    /ratio of recordDataCompleteness: was 99/,
  ],
  [
    "SymbolRecorder.completeness",
    (r) => r.bindSymbol("BTC/USDT").completeness(99),
    /ratio of SymbolRecorder\.completeness: was 99/,
  ],
  [
    "recordProviderCacheHitRatio",
    (r) => r.recordProviderCacheHitRatio("news", 75),
    /ratio of recordProviderCacheHitRatio: was 75/,
  ],
  [
    "recordDatabasePoolUsage",
    (r) => r.recordDatabasePoolUsage("postgres", 60),
    /ratio of recordDatabasePoolUsage: was 60/,
  ],
  [
    "updatePerformance win ratio",
    (r) => r.updatePerformance("momentum", { winRatio: 55 }),
    /winRatio of updatePerformance: was 55/,
  ],
  [
    "updatePerformance max drawdown",
    (r) => r.updatePerformance("momentum", { maxDrawdownRatio: 20 }),
    /maxDrawdownRatio of updatePerformance: was 20/,
  ],
];

describe("ratio arguments of the recorder", () => {
  it.each(percentCalls)(
    "%s: a value outside the ratio's range is ERR_RATIO_OUT_OF_RANGE",
    (_, call, message) => {
      const r = recorder();
      let thrown: unknown;
      try {
        call(r);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TradewatchError);
      expect((thrown as TradewatchError).code).toBe("ERR_RATIO_OUT_OF_RANGE");
      expect((thrown as Error).message).toMatch(message);
    },
  );

  it("stores nothing when an exposure argument is out of range", async () => {
    const r = recorder();
    r.recordExposure(0.2, 0.01);
    expect(() => r.recordExposure(18.5, 2.3)).toThrow(TradewatchError);
    const text = await r.registry.metrics();
    expect(sampleValue(text, 'tradewatch_portfolio_exposure_ratio{type="at_risk"}')).toBe(0.2);
    expect(sampleValue(text, 'tradewatch_portfolio_exposure_ratio{type="pending"}')).toBe(0.01);
  });

  it("converts percent explicitly with recordExposurePercent, and checks its range", async () => {
    const r = recorder();
    r.recordExposurePercent(18.5, 2.3);
    const text = await r.registry.metrics();
    expect(sampleValue(text, 'tradewatch_portfolio_exposure_ratio{type="at_risk"}')).toBeCloseTo(
      0.185,
      12,
    );
    expect(sampleValue(text, 'tradewatch_portfolio_exposure_ratio{type="pending"}')).toBeCloseTo(
      0.023,
      12,
    );
    expect(() => r.recordExposurePercent(1850)).toThrow(
      /atRiskPercent of recordExposurePercent: was 1850, must be a percent 0\.\.100/,
    );
  });

  it("accepts the ends of each range, rounding noise, and large positive returns", async () => {
    const r = recorder();
    r.recordExposure(1, 0);
    r.recordExposure(1 + 1e-12, 0);
    r.recordDataCompleteness("BTC/USDT", 1);
    r.updatePortfolioMetrics({
      totalReturnRatio: 18.5,
      dailyReturnRatio: -1,
      drawdownRatio: -0.08,
    });
    r.updatePerformance("momentum", { winRatio: 0, maxDrawdownRatio: -0.2 });
    const text = await r.registry.metrics();
    expect(sampleValue(text, 'tradewatch_portfolio_exposure_ratio{type="at_risk"}')).toBe(1);
    expect(sampleValue(text, "tradewatch_portfolio_total_return_ratio")).toBe(18.5);
    expect(sampleValue(text, "tradewatch_portfolio_drawdown_ratio")).toBe(0.08);
  });

  it("keeps a performance statistic that is not defined yet (NaN) as NaN", async () => {
    const r = recorder();
    // No closed trade yet: the journal's statistics are NaN, and `tradewatch run` reports them.
    r.updatePerformance("momentum", { winRatio: Number.NaN, maxDrawdownRatio: Number.NaN });
    const text = await r.registry.metrics();
    expect(text).toMatch(/tradewatch_performance_win_ratio\{[^}]*strategy="momentum"[^}]*\} NaN/);
  });

  it("the disabled recorder has the percent variant too", () => {
    const disabled = createRecorder({ enabled: false });
    expect(() => disabled.recordExposurePercent(18.5, 2.3)).not.toThrow();
  });
});
