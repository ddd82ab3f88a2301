/** @module The recorder's performance part: the statistics analytics computes, by strategy. */

import type { GaugeKey } from "../../../catalog/catalog.js";
import { checkRatio } from "../../ratio-argument.js";
import type { TradingRecorder } from "../../trading-recorder.js";
import type { PerformanceStats } from "../../types.js";
import type { CatalogFamilies } from "../catalog-families.js";

/** Records the performance domain. */
export class PerformancePart implements Pick<TradingRecorder, "updatePerformance"> {
  private readonly families: CatalogFamilies;

  constructor(families: CatalogFamilies) {
    this.families = families;
  }

  updatePerformance(strategy: string, stats: PerformanceStats): void {
    const setIf = (key: GaugeKey, value: number | undefined) => {
      if (value !== undefined) this.families.get(key).handle1(strategy).set(value);
    };
    // A statistic not defined yet (no closed trade) is NaN, and is shown as such.
    const ratio = (value: number | undefined, argument: string) =>
      value === undefined || Number.isNaN(value)
        ? value
        : checkRatio(value, "updatePerformance", argument);
    setIf("win_ratio", ratio(stats.winRatio, "winRatio"));
    setIf("profit_factor", stats.profitFactor);
    setIf("sharpe_ratio", stats.sharpeRatio);
    const drawdown = stats.maxDrawdownRatio;
    setIf(
      "performance_max_drawdown",
      ratio(drawdown === undefined ? undefined : Math.abs(drawdown), "maxDrawdownRatio"),
    );
    setIf("average_win", stats.averageWinUsd);
    setIf("average_loss", stats.averageLossUsd);
    setIf("win_streak", stats.winStreak);
    setIf("loss_streak", stats.lossStreak);
  }
}
