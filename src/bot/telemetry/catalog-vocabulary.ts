/** @module The one table from the bot's names to the catalog's: breakers, kill-switch sources, data errors, cycle stages, denial reasons. */
import type {
  Breaker,
  CycleStage as CatalogCycleStage,
  KillSwitchType,
  ValidationErrorType,
} from "../../catalog/label-values.js";
import {
  type BreakerName,
  type CycleStage,
  type DataErrorType,
  type KillSwitchSource,
  type RiskCheck,
  riskChecks,
} from "../types.js";

/**
 * The catalog's `breaker` label of each bot circuit breaker. Every {@link BreakerName} needs
 * an entry (a new breaker without one fails tsc), and every entry is a catalog breaker.
 */
export const catalogBreakers = Object.freeze({
  rate_limit_cooldown: "rate_limit",
  api_health: "api_health",
  exchange_connectivity: "exchange_connectivity",
  exchange_health: "exchange_health",
  volatility_crash: "volatility_crash",
} as const satisfies Record<BreakerName, Breaker>);

/** The catalog's kill-switch `type` of each bot kill-switch source (the source stays the `source` label). */
export const catalogKillSwitchTypes = Object.freeze({
  config: "manual",
  file: "manual",
  http: "manual",
  daily_stop_loss: "pnl",
  weekly_stop_loss: "pnl",
  max_drawdown: "drawdown",
} as const satisfies Record<KillSwitchSource, KillSwitchType>);

/**
 * The catalog's validation `error_type` of each bot data error; `undefined` for clock drift,
 * which the catalog counts in its own metric (`clock_drift_rejections_total`).
 */
export const catalogValidationErrorTypes = Object.freeze({
  non_positive_price: "out_of_range",
  high_below_low: "out_of_range",
  out_of_order: "out_of_order",
  gap: "gap",
  clock_drift: undefined,
} as const satisfies Record<DataErrorType, ValidationErrorType | undefined>);

/**
 * The catalog's `stage` of each bot cycle stage: the same name (the bot says `market_data`
 * as the catalog, dashboards and alerts do). A bot stage the catalog lacks fails tsc here.
 */
export const catalogCycleStages = Object.freeze({
  market_data: "market_data",
  signals: "signals",
  risk: "risk",
  execution: "execution",
  portfolio: "portfolio",
} as const satisfies { readonly [Stage in CycleStage]: Stage & CatalogCycleStage });

/** The risk-rejection `reason` of each failed risk check: the check's name in words. */
export const catalogDenialReasons: Readonly<Record<RiskCheck, string>> = Object.freeze(
  Object.fromEntries(riskChecks.map((check) => [check, check.replaceAll("_", " ")])) as Record<
    RiskCheck,
    string
  >,
);
