/** @module Seed metric names the catalog has no metric for, with what answers the same question. */

import type { UnmappedSeedName } from "./types.js";

/** Seed names with no catalog metric; every other seed name is in some metric's `seedNames`. */
export const unmappedSeedNames: readonly UnmappedSeedName[] = [
  {
    seed: "004",
    name: "system_memory_usage_bytes",
    reason: "The core's default process metrics already export resident memory (not namespaced).",
    instead: "process_resident_memory_bytes",
  },
  {
    seed: "004",
    name: "system_cpu_usage_percent",
    reason:
      "CPU is a counter of seconds in the default process metrics; a percent gauge loses the rate window.",
    instead: "rate(process_cpu_seconds_total[5m])",
  },
  {
    seed: "004",
    name: "system_disk_usage_bytes",
    reason: "Disk usage is the host's, measured by node_exporter, not by the trading process.",
    instead: "node_filesystem_size_bytes - node_filesystem_avail_bytes",
  },
  {
    seed: "004",
    name: "strategy_signals_per_hour",
    reason: "A rate is a query over a counter, not a metric of its own.",
    instead: "sum by (strategy) (rate(strategy_signals_total[1h])) * 3600",
  },
  {
    seed: "003",
    name: "strategy_qp_solve_time_seconds",
    reason:
      "The reference bot has no portfolio optimiser (its sizer is a closed-form rule), so a solve-time metric would be a series nothing writes (issue 15); a bot with a QP optimiser times it with its own histogram on the recorder's registry.",
  },
  {
    seed: "003",
    name: "strategy_qp_solve_status_total",
    reason:
      "No optimiser in the reference bot, as for strategy_qp_solve_time_seconds: a counter by solver status that nothing would write.",
  },
];
