/** @module Catalog: risk-engine rejections, circuit breakers, kill switches and protective exits. */

import {
  breakerLabel,
  killSwitchSourceLabel,
  killSwitchTypeLabel,
  rejectionReasonLabel,
} from "../labels.js";
import type { MetricDefinition } from "../types.js";

export const riskMetrics = [
  {
    key: "risk_rejections",
    name: "risk_rejections_total",
    help: "Trade proposals the risk engine rejected, by normalised reason.",
    type: "counter",
    labels: [rejectionReasonLabel],
    domain: "risk",
    seedNames: [
      {
        seed: "001",
        name: "trader_risk_rejections_total",
        note: "`reason` normalised into nine categories.",
      },
      {
        seed: "003",
        name: "orders_risk_rejections_total",
        note: "The seed's `check_type` label becomes the normalised `reason`.",
      },
      {
        seed: "004",
        name: "trades_rejected_total",
        note: "Risk-engine rejections, `reason` normalised.",
      },
    ],
    example: "sum by (reason) (rate({name}[5m]))",
  },
  {
    key: "circuit_breaker_state",
    name: "circuit_breaker_open",
    help: "Circuit breaker state: 1 while the breaker is open (trading halted), 0 while closed.",
    type: "gauge",
    labels: [breakerLabel],
    domain: "risk",
    seedNames: [
      {
        seed: "000",
        name: "trader_circuit_breaker_state",
        note: "Named for what 1 means; the seed sets `rate_limit` and clears `rate_limit_cooldown`, both are `rate_limit` here so the breaker resets.",
      },
    ],
    example: "max by (breaker) ({name}) > 0",
  },
  {
    key: "circuit_breaker_trips",
    name: "circuit_breaker_trips_total",
    help: "Circuit breaker trips (closed to open transitions).",
    type: "counter",
    labels: [breakerLabel],
    domain: "risk",
    seedNames: [
      { seed: "000", name: "trader_circuit_breaker_trips_total" },
      {
        seed: "001",
        name: "trader_circuit_breaker_trips",
        note: "A counter named without `_total` (its own alert queries `_total`); label `type` is `breaker`.",
      },
      {
        seed: "001",
        name: "trader_circuit_breaker_trips_total",
        note: "As queried by seed 001's alert.",
      },
    ],
    example: "increase({name}[5m]) > 0",
  },
  {
    key: "kill_switch_active",
    name: "kill_switch_active",
    help: "Kill switch state: 1 while trading is halted by this switch and source, 0 otherwise.",
    type: "gauge",
    labels: [killSwitchTypeLabel, killSwitchSourceLabel],
    domain: "risk",
    seedNames: [
      {
        seed: "002",
        name: "kill_switch_status",
        note: "Per switch type; seed 002's halt is `manual`.",
      },
      {
        seed: "003",
        name: "strategy_kill_switch_active",
        note: "In the risk domain, without the `strategy_` prefix; same `switch_type` label.",
      },
    ],
    example: "max({name}) == 1",
  },
  {
    key: "kill_switch_triggers",
    name: "kill_switch_triggers_total",
    help: "Kill switch activations, by switch type and source.",
    type: "counter",
    labels: [killSwitchTypeLabel, killSwitchSourceLabel],
    domain: "risk",
    seedNames: [{ seed: "003", name: "strategy_kill_switches_triggered_total" }],
  },
] as const satisfies readonly MetricDefinition[];
