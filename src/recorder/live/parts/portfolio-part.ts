/** @module The recorder's portfolio part: account value, cash, exposure, positions, PnL, returns and drawdown. */

import type { GaugeKey } from "../../../catalog/catalog.js";
import { checkRatio } from "../../ratio-argument.js";
import type { TradingRecorder } from "../../trading-recorder.js";
import type { PortfolioUpdate } from "../../types.js";
import type { CatalogFamilies } from "../catalog-families.js";
import type { HandleOf } from "../catalog-family.js";

/** The percent variant named in the hint of a ratio error from `recordExposure`. */
const EXPOSURE_PERCENT = "recordExposurePercent";

/** Records the portfolio domain. */
export class PortfolioPart
  implements
    Pick<
      TradingRecorder,
      | "recordExposure"
      | "recordOpenPositions"
      | "recordPendingOrders"
      | "recordPositionValue"
      | "updatePortfolioMetrics"
    >
{
  private readonly families: CatalogFamilies;
  private readonly exposure;
  private readonly positionValue;
  private readonly openPositions: HandleOf<"gauge">;
  private readonly pendingOrders: HandleOf<"gauge">;

  constructor(families: CatalogFamilies) {
    this.families = families;
    this.exposure = families.get("exposure");
    this.positionValue = families.get("position_value");
    this.openPositions = families.get("open_positions").handle0();
    this.pendingOrders = families.get("pending_orders").handle0();
  }

  recordExposure(atRiskRatio: number, pendingRatio = 0): void {
    const atRisk = checkRatio(atRiskRatio, "recordExposure", "atRiskRatio", 0, 1, EXPOSURE_PERCENT);
    const pending = checkRatio(
      pendingRatio,
      "recordExposure",
      "pendingRatio",
      0,
      1,
      EXPOSURE_PERCENT,
    );
    this.exposure.handle1("at_risk").set(atRisk);
    this.exposure.handle1("pending").set(pending);
  }

  recordOpenPositions(count: number): void {
    this.openPositions.set(Math.max(count, 0));
  }

  recordPendingOrders(count: number): void {
    this.pendingOrders.set(Math.max(count, 0));
  }

  recordPositionValue(symbol: string, valueUsd: number): void {
    this.positionValue.handle1(symbol).set(valueUsd);
  }

  updatePortfolioMetrics(update: PortfolioUpdate): void {
    const setIf = (key: GaugeKey, value: number | undefined) => {
      if (value !== undefined) this.families.get(key).handle0().set(value);
    };
    setIf("account_value", update.totalValueUsd);
    setIf("cash", update.cashUsd);
    setIf("daily_pnl", update.dailyPnlUsd);
    setIf("monthly_pnl", update.monthlyPnlUsd);
    setIf("total_pnl", update.totalPnlUsd);
    const method = "updatePortfolioMetrics";
    const returnRatio = (value: number | undefined, argument: string) =>
      value === undefined
        ? undefined
        : checkRatio(value, method, argument, -1, Number.POSITIVE_INFINITY);
    const drawdownRatio = (value: number | undefined, argument: string) =>
      value === undefined ? undefined : checkRatio(Math.abs(value), method, argument);
    setIf("daily_return", returnRatio(update.dailyReturnRatio, "dailyReturnRatio"));
    setIf("total_return", returnRatio(update.totalReturnRatio, "totalReturnRatio"));
    setIf("drawdown", drawdownRatio(update.drawdownRatio, "drawdownRatio"));
    setIf("max_drawdown", drawdownRatio(update.maxDrawdownRatio, "maxDrawdownRatio"));
    if (update.openPositions !== undefined) this.recordOpenPositions(update.openPositions);
    if (update.pendingOrders !== undefined) this.recordPendingOrders(update.pendingOrders);
    if (update.atRiskExposureRatio !== undefined) {
      this.exposure
        .handle1("at_risk")
        .set(checkRatio(update.atRiskExposureRatio, method, "atRiskExposureRatio"));
    }
    if (update.pendingExposureRatio !== undefined) {
      this.exposure
        .handle1("pending")
        .set(checkRatio(update.pendingExposureRatio, method, "pendingExposureRatio"));
    }
  }
}
