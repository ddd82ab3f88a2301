/** @module Label definitions shared by several catalog metrics, and the constant labels. */

import * as values from "./label-values.js";
import type { LabelDefinition } from "./types.js";

function enumLabel<const N extends string>(
  name: N,
  help: string,
  labelValues: readonly string[],
): LabelDefinition & { readonly name: N } {
  return { name, help, bound: { kind: "enum", values: labelValues } };
}

function normalizedLabel<const N extends string>(
  name: N,
  help: string,
  normalizer: string,
  labelValues: readonly string[],
): LabelDefinition & { readonly name: N } {
  return { name, help, bound: { kind: "normalizer", normalizer, values: labelValues } };
}

function universeLabel<const N extends string>(
  name: N,
  help: string,
  universe: string,
  examples: readonly string[],
): LabelDefinition & { readonly name: N } {
  return { name, help, bound: { kind: "universe", universe, examples } };
}

export const symbolLabel = universeLabel(
  "symbol",
  "Instrument symbol, from the configured symbol universe.",
  "symbol",
  ["BTC/USDT", "ETH/USDT", "SPY"],
);
export const sideLabel = enumLabel("side", "Order side.", values.sides);
export const strategyLabel = universeLabel(
  "strategy",
  "Strategy name, from the configured strategies.",
  "strategy",
  ["momentum", "mean_reversion", "ofi"],
);
export const endpointLabel = universeLabel(
  "endpoint",
  "Exchange API method (ccxt unified method name), from the configured endpoints.",
  "endpoint",
  ["fetch_ticker", "fetch_order_book", "fetch_balance", "create_order", "cancel_order"],
);
export const sourceLabel = universeLabel(
  "source",
  "Market data source, from the configured sources.",
  "source",
  ["simulated", "csv_replay", "ccxt_binance", "ibkr_rt"],
);
export const providerLabel = universeLabel(
  "provider",
  "External data provider, from the configured providers.",
  "provider",
  ["news_api", "reddit", "twitter", "options_flow"],
);
export const modelLabel = universeLabel(
  "model",
  "AI model name, from the configured models.",
  "model",
  ["claude-3-haiku-20240307", "claude-3-5-sonnet"],
);
export const featureLabel = universeLabel(
  "feature",
  "Feature name, from the configured feature set.",
  "feature",
  ["mom_20d", "volatility_20d", "all_features"],
);
export const ruleLabel = universeLabel(
  "rule",
  "Constitution rule name, from the configured rules.",
  "rule",
  ["conviction_threshold_buy", "max_position_size", "max_daily_trades"],
);
export const routeLabel = universeLabel(
  "route",
  "Route template (never the raw URL); unmatched paths share one value.",
  "route",
  ["/metrics", "/health", "/api/orders/:id", "unmatched"],
);
export const rejectionReasonLabel = normalizedLabel(
  "reason",
  "Rejection category, normalised from the rejection message.",
  "rejectionReason",
  values.rejectionReasons,
);
export const apiErrorTypeLabel = normalizedLabel(
  "error_type",
  "API error category, normalised from the error class, HTTP status or message.",
  "apiErrorType",
  values.apiErrorTypes,
);
export const breakerLabel = normalizedLabel(
  "breaker",
  "Circuit breaker name, normalised to the known breakers.",
  "breaker",
  values.breakers,
);
export const killSwitchTypeLabel = enumLabel(
  "switch_type",
  "Kind of kill switch.",
  values.killSwitchTypes,
);
export const killSwitchSourceLabel = enumLabel(
  "source",
  "What engaged the kill switch: config, file, http, a stop loss, max drawdown, or other.",
  values.killSwitchSources,
);
export const outcomeLabel = enumLabel(
  "outcome",
  "Whether the operation succeeded.",
  values.outcomes,
);
export const cacheLayerLabel = enumLabel("layer", "Cache layer.", values.cacheLayers);
export const databaseLabel = enumLabel("database", "Database or store.", values.databases);
export const queryTypeLabel = enumLabel("query_type", "Kind of query.", values.queryTypes);
export const methodLabel = normalizedLabel(
  "method",
  "HTTP method; unknown methods are OTHER.",
  "httpMethod",
  values.httpMethods,
);
export const statusClassLabel = normalizedLabel(
  "status_class",
  "HTTP status class of the response.",
  "statusClass",
  values.statusClasses,
);

/** Labels on every series the recorder writes, fixed per process; each is optional. */
export const constLabelDefinitions: readonly LabelDefinition[] = [
  universeLabel("bot", "Bot instance name, one value per process.", "bot", [
    "paper-btc",
    "momentum-1",
  ]),
  enumLabel("environment", "Deployment environment.", values.environments),
  enumLabel("plane", "Service plane (seed 003 runs data, order, strategy apart).", values.planes),
];
