/** @module Reports the engine's per-cycle measurements to several telemetry ports at once. */
import type { CycleTelemetry, CycleTelemetryLayout } from "./cycle-telemetry.js";
import { noopCycleTelemetry } from "./cycle-telemetry.js";

/**
 * Returns the one port to give the engine for `ports`: the no-op one for none, the port itself
 * for one, and for several a port that forwards each call to each of them in order (the main
 * registry and the per-plane registries of `tradewatch run`).
 */
export function fanOutCycleTelemetry(ports: readonly CycleTelemetry[]): CycleTelemetry {
  if (ports.length === 0) return noopCycleTelemetry;
  if (ports.length === 1) return ports[0]!;
  const all = [...ports];
  return {
    layout(layout: CycleTelemetryLayout) {
      for (const port of all) port.layout(layout);
    },
    tickReceived(symbol, ageSeconds) {
      for (const port of all) port.tickReceived(symbol, ageSeconds);
    },
    barReceived(symbol) {
      for (const port of all) port.barReceived(symbol);
    },
    feedQuality(symbol, completeness, stalenessSeconds) {
      for (const port of all) port.feedQuality(symbol, completeness, stalenessSeconds);
    },
    strategyEvaluated(strategy, seconds) {
      for (const port of all) port.strategyEvaluated(strategy, seconds);
    },
    signal(strategy, direction, strength, generationSeconds) {
      for (const port of all) port.signal(strategy, direction, strength, generationSeconds);
    },
    decided(strategy, seconds) {
      for (const port of all) port.decided(strategy, seconds);
    },
    ruleChecked(check, passed) {
      for (const port of all) port.ruleChecked(check, passed);
    },
    stages(marketData, signals, risk, execution, portfolio) {
      for (const port of all) port.stages(marketData, signals, risk, execution, portfolio);
    },
    proposals(proposed, approved, executed) {
      for (const port of all) port.proposals(proposed, approved, executed);
    },
    cycleCompleted(status, durationSeconds, completedAtSeconds, noTradeReason) {
      for (const port of all)
        port.cycleCompleted(status, durationSeconds, completedAtSeconds, noTradeReason);
    },
  };
}
