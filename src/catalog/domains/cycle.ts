/** @module Catalog: the trading cycle, its stages and why cycles end without a trade. */

import { computeSecondsBuckets, cycleSecondsBuckets } from "../buckets.js";
import { cycleStages, cycleStatuses, noTradeReasons, proposalStatuses } from "../label-values.js";
import type { MetricDefinition } from "../types.js";

export const cycleMetrics = [
  {
    key: "cycles",
    name: "cycles_total",
    help: "Trading cycles completed, by how they ended.",
    type: "counter",
    labels: [
      {
        name: "status",
        help: "How the cycle ended.",
        bound: { kind: "enum", values: cycleStatuses },
      },
    ],
    domain: "cycle",
    seedNames: [
      {
        seed: "000",
        name: "trader_cycle_total",
        note: "Plural `cycles_total`; `status` is a closed set (success, no_trade, error, halted).",
      },
    ],
    example: 'sum(rate({name}{status="success"}[5m])) / sum(rate({name}[5m]))',
  },
  {
    key: "cycle_duration",
    name: "cycle_duration_seconds",
    help: "Wall-clock duration of one trading cycle.",
    type: "histogram",
    unit: "seconds",
    labels: [],
    buckets: cycleSecondsBuckets,
    domain: "cycle",
    seedNames: [
      {
        seed: "000",
        name: "trader_cycle_duration_seconds",
        note: "The seed declares a Summary yet queries histogram_quantile over `_bucket`, which a Summary has not; ours is a Histogram.",
      },
      { seed: "001", name: "trader_cycle_duration_seconds" },
    ],
  },
  {
    key: "cycle_stage_duration",
    name: "cycle_stage_duration_seconds",
    help: "Duration of one stage of a trading cycle.",
    type: "histogram",
    unit: "seconds",
    labels: [{ name: "stage", help: "Cycle stage.", bound: { kind: "enum", values: cycleStages } }],
    buckets: computeSecondsBuckets,
    domain: "cycle",
    seedNames: [
      {
        seed: "000",
        name: "trader_stage_duration_seconds",
        note: "Histogram instead of Summary, so stages aggregate across bots; `stage` is a closed set.",
      },
    ],
  },
  {
    key: "cycle_proposals",
    name: "cycle_proposals",
    help: "Trade proposals in the last cycle, by how far they got.",
    type: "gauge",
    labels: [
      {
        name: "status",
        help: "Proposed by strategies, approved by risk, or executed.",
        bound: { kind: "enum", values: proposalStatuses },
      },
    ],
    domain: "cycle",
    seedNames: [
      {
        seed: "000",
        name: "trader_cycle_stage_count",
        note: "Renamed: it counts proposals, not stages; label values proposed/approved/executed.",
      },
    ],
  },
  {
    key: "no_trade_cycles",
    name: "no_trade_cycles_total",
    help: "Cycles that ended without a trade, by normalised reason.",
    type: "counter",
    labels: [
      {
        name: "reason",
        help: "Why no trade was made, normalised from the free-text reason.",
        bound: { kind: "normalizer", normalizer: "noTradeReason", values: noTradeReasons },
      },
    ],
    domain: "cycle",
    seedNames: [
      {
        seed: "000",
        name: "trader_no_trade_total",
        note: "The seed labels raw reason text (unbounded); ours is normalised into a closed set.",
      },
    ],
    example: "topk(10, sum by (reason) (rate({name}[1h])))",
  },
  {
    key: "last_cycle_timestamp",
    name: "cycle_last_completed_timestamp_seconds",
    help: "Unix time at which the last trading cycle completed; alert when it stops moving.",
    type: "gauge",
    unit: "seconds",
    labels: [],
    domain: "cycle",
    seedNames: [],
    example: "time() - {name}",
  },
] as const satisfies readonly MetricDefinition[];
