/** @module The namespace prefix of metric names: its default, validation and the full metric name. */

import { TradewatchError } from "../errors.js";
import type { MetricDefinition } from "./types.js";

/**
 * The default namespace, `tradewatch`. One prefix for everything we emit keeps our series
 * apart from other libraries' in the same registry (`process_`, `nodejs_`, another
 * middleware's `http_`), lets `{__name__=~"tradewatch_.*"}` select all of them, and
 * replaces the seeds' five unrelated prefixes (`trader_`, `exchange_`, `orders_`, `agent_`,
 * `strategy_`). Set `trader` to stay close to seed 000/001 dashboards, or `""` for none.
 */
export const DEFAULT_NAMESPACE = "tradewatch";

const NAMESPACE_PATTERN = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/**
 * Returns the namespace in canonical form (no trailing underscore), or throws when it
 * cannot start a Prometheus metric name.
 */
export function normalizeNamespace(namespace: string): string {
  const trimmed = namespace.replace(/_+$/, "");
  if (trimmed !== "" && !NAMESPACE_PATTERN.test(trimmed)) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Invalid metric namespace "${namespace}": must match [a-zA-Z_:][a-zA-Z0-9_:]* or be empty`,
    );
  }
  return trimmed;
}

/**
 * Returns the full metric name, the namespace prefix joined with an underscore.
 *
 * @example
 * fullMetricName("cycles_total"); // "tradewatch_cycles_total"
 * fullMetricName(definition, "trader"); // "trader_cycles_total"
 * fullMetricName("cycles_total", ""); // "cycles_total"
 */
export function fullMetricName(
  metric: string | Pick<MetricDefinition, "name">,
  namespace: string = DEFAULT_NAMESPACE,
): string {
  const name = typeof metric === "string" ? metric : metric.name;
  const prefix = normalizeNamespace(namespace);
  return prefix === "" ? name : `${prefix}_${name}`;
}
