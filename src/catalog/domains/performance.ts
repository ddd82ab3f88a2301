/** @module Catalog: performance statistics computed from the trade journal (filled in by analytics). */

import type { LabelDefinition, MetricDefinition } from "../types.js";

/** Performance statistics are per strategy; the whole book is the strategy value `portfolio`. */
const scopeLabel = {
  name: "strategy",
  help: "Strategy the statistic covers; `portfolio` for all strategies together.",
  bound: {
    kind: "universe",
    universe: "strategy",
    examples: ["portfolio", "momentum", "mean_reversion"],
  },
} as const satisfies LabelDefinition;

export const performanceMetrics = [
  {
    key: "win_ratio",
    name: "performance_win_ratio",
    help: "Share of closed positions that were wins (0-1).",
    type: "gauge",
    unit: "ratio",
    labels: [scopeLabel],
    domain: "performance",
    seedNames: [{ seed: "004", name: "strategy_win_rate", note: "A ratio, named `_ratio`." }],
  },
  {
    key: "profit_factor",
    name: "performance_profit_factor",
    help: "Gross profit over gross loss of closed positions (above 1 is profitable).",
    type: "gauge",
    labels: [scopeLabel],
    domain: "performance",
    seedNames: [],
  },
  {
    key: "sharpe_ratio",
    name: "performance_sharpe_ratio",
    help: "Annualised Sharpe ratio of daily returns (risk-free rate as configured); not a 0-1 ratio.",
    type: "gauge",
    labels: [scopeLabel],
    domain: "performance",
    seedNames: [],
  },
  {
    key: "performance_max_drawdown",
    name: "performance_max_drawdown_ratio",
    help: "Largest peak-to-trough decline of the journal's equity curve, as a positive fraction.",
    type: "gauge",
    unit: "ratio",
    labels: [scopeLabel],
    domain: "performance",
    seedNames: [],
  },
  {
    key: "average_win",
    name: "performance_average_win_usd",
    help: "Mean realised PnL of winning closed positions.",
    type: "gauge",
    unit: "usd",
    labels: [scopeLabel],
    domain: "performance",
    seedNames: [],
  },
  {
    key: "average_loss",
    name: "performance_average_loss_usd",
    help: "Mean realised PnL of losing closed positions (negative).",
    type: "gauge",
    unit: "usd",
    labels: [scopeLabel],
    domain: "performance",
    seedNames: [],
  },
  {
    key: "win_streak",
    name: "performance_win_streak",
    help: "Consecutive winning closed positions up to the latest one (0 after a loss).",
    type: "gauge",
    labels: [scopeLabel],
    domain: "performance",
    seedNames: [{ seed: "004", name: "win_streak" }],
  },
  {
    key: "loss_streak",
    name: "performance_loss_streak",
    help: "Consecutive losing closed positions up to the latest one (0 after a win).",
    type: "gauge",
    labels: [scopeLabel],
    domain: "performance",
    seedNames: [{ seed: "004", name: "loss_streak" }],
  },
] as const satisfies readonly MetricDefinition[];
