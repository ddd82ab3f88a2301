/** @module Catalog: the strategy plane: signals, exposure, PnL, regimes, the optimiser and timings. */

import { computeSecondsBuckets, scoreBuckets } from "../buckets.js";
import { regimes, signalDirections } from "../label-values.js";
import { strategyLabel } from "../labels.js";
import type { MetricDefinition } from "../types.js";

export const strategyMetrics = [
  {
    key: "signals",
    name: "strategy_signals_total",
    help: "Trading signals generated, by strategy and direction.",
    type: "counter",
    labels: [
      strategyLabel,
      {
        name: "direction",
        help: "Signal direction.",
        bound: { kind: "enum", values: signalDirections },
      },
    ],
    domain: "strategy",
    seedNames: [
      {
        seed: "003",
        name: "strategy_signals_generated_total",
        note: "`_generated` dropped: a signal counted is generated.",
      },
      { seed: "004", name: "signals_generated_total", note: "`signal_type` is `direction`." },
    ],
    example: "sum by (strategy) (rate({name}[1h])) * 3600",
  },
  {
    key: "signal_strength",
    name: "strategy_signal_strength",
    help: "Absolute strength (confidence) of generated signals, 0-1.",
    type: "histogram",
    labels: [strategyLabel],
    buckets: scoreBuckets,
    domain: "strategy",
    seedNames: [
      { seed: "003", name: "strategy_signal_strength" },
      {
        seed: "004",
        name: "signal_confidence",
        note: "Strength and confidence are one 0-1 score.",
      },
    ],
  },
  {
    key: "gross_exposure",
    name: "strategy_gross_exposure_usd",
    help: "Sum of absolute position values held by a strategy.",
    type: "gauge",
    unit: "usd",
    labels: [strategyLabel],
    domain: "strategy",
    seedNames: [
      {
        seed: "003",
        name: "strategy_portfolio_gross_exposure_usd",
        note: "Per `strategy`; `portfolio` is a strategy value for the whole book.",
      },
    ],
  },
  {
    key: "net_exposure",
    name: "strategy_net_exposure_usd",
    help: "Long minus short position value held by a strategy.",
    type: "gauge",
    unit: "usd",
    labels: [strategyLabel],
    domain: "strategy",
    seedNames: [
      {
        seed: "003",
        name: "strategy_portfolio_net_exposure_usd",
        note: "Per `strategy`; `portfolio` is a strategy value for the whole book.",
      },
    ],
  },
  {
    key: "strategy_pnl",
    name: "strategy_pnl_usd",
    help: "Profit and loss of a strategy since start, realised or unrealised; total is their sum.",
    type: "gauge",
    unit: "usd",
    labels: [
      strategyLabel,
      {
        name: "type",
        help: "realized: closed positions; unrealized: open positions marked to market.",
        bound: { kind: "enum", values: ["realized", "unrealized"] },
      },
    ],
    domain: "strategy",
    seedNames: [
      { seed: "003", name: "strategy_pnl_realized_usd", note: 'Series `type="realized"`.' },
      { seed: "003", name: "strategy_pnl_unrealized_usd", note: 'Series `type="unrealized"`.' },
      {
        seed: "003",
        name: "strategy_pnl_total_usd",
        note: "Not stored: a total beside its parts double-counts in sum(); use sum by (strategy) (strategy_pnl_usd).",
      },
      { seed: "004", name: "strategy_profit_loss", note: "sum by (strategy) over both types." },
    ],
    example: "sum by (strategy) ({name})",
  },
  {
    key: "regime",
    name: "strategy_regime",
    help: "Current market regime: 1 on the active regime's series, 0 on the others.",
    type: "gauge",
    labels: [{ name: "regime", help: "Market regime.", bound: { kind: "enum", values: regimes } }],
    domain: "strategy",
    seedNames: [
      {
        seed: "003",
        name: "strategy_regime_state",
        note: "A state set (one series per regime, 1 on the active) instead of codes 0/1/2, so panels and alerts name the regime.",
      },
    ],
    example: "{name} == 1",
  },
  {
    key: "regime_transitions",
    name: "strategy_regime_transitions_total",
    help: "Market regime changes.",
    type: "counter",
    labels: [
      { name: "from_regime", help: "Regime before.", bound: { kind: "enum", values: regimes } },
      { name: "to_regime", help: "Regime after.", bound: { kind: "enum", values: regimes } },
    ],
    domain: "strategy",
    seedNames: [{ seed: "003", name: "strategy_regime_transitions_total" }],
  },
  {
    key: "strategy_evaluation_duration",
    name: "strategy_evaluation_duration_seconds",
    help: "Time to evaluate one strategy on new data.",
    type: "histogram",
    unit: "seconds",
    labels: [strategyLabel],
    buckets: computeSecondsBuckets,
    domain: "strategy",
    seedNames: [
      { seed: "004", name: "strategy_evaluation_duration_seconds" },
      {
        seed: "004",
        name: "strategy_evaluations_total",
        note: "The histogram's `_count` series counts evaluations.",
      },
    ],
  },
  {
    key: "signal_generation_duration",
    name: "strategy_signal_generation_duration_seconds",
    help: "Time to generate a signal from features.",
    type: "histogram",
    unit: "seconds",
    labels: [strategyLabel],
    buckets: computeSecondsBuckets,
    domain: "strategy",
    seedNames: [{ seed: "004", name: "signal_generation_duration_seconds" }],
  },
  {
    key: "decision_duration",
    name: "strategy_decision_duration_seconds",
    help: "Time from a signal to the trading decision on it.",
    type: "histogram",
    unit: "seconds",
    labels: [strategyLabel],
    buckets: computeSecondsBuckets,
    domain: "strategy",
    seedNames: [{ seed: "004", name: "trading_decision_duration_seconds" }],
  },
] as const satisfies readonly MetricDefinition[];
