/** @module The recording rules: the heavy dashboard queries (p95 latencies, rates by reason), computed once per evaluation instead of once per panel refresh. */
import { fullMetricName } from "../../catalog/index.js";
import type { BundleOptions } from "../types.js";

/** One recording rule. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
}

/**
 * Returns the recording rules. Names follow Prometheus's `level:metric:operations`
 * convention with the namespace as the level (`tradewatch:cycle_duration_seconds:p95_5m`);
 * every rule keeps `job` and `instance`.
 */
export function recordingRules(options: Pick<BundleOptions, "namespace">): RecordingRule[] {
  const m = (name: string) => fullMetricName(name, options.namespace);
  const level = options.namespace === "" ? "trading" : options.namespace;
  const p95 = (histogram: string, by: readonly string[] = []): RecordingRule => ({
    record: `${level}:${histogram}:p95_5m`,
    expr: `histogram_quantile(0.95, sum by (${["job", "instance", ...by, "le"].join(", ")}) (rate(${m(histogram)}_bucket[5m])))`,
  });
  const rateBy = (counter: string, by: readonly string[]): RecordingRule => ({
    record: `${level}:${counter.replace(/_total$/, "")}:rate5m`,
    expr: `sum by (${["job", "instance", ...by].join(", ")}) (rate(${m(counter)}[5m]))`,
  });
  const ratio = (record: string, numerator: string, denominator: string): RecordingRule => ({
    record: `${level}:${record}:ratio_rate15m`,
    expr: `sum by (job, instance) (rate(${m(numerator)}[15m])) / sum by (job, instance) (rate(${m(denominator)}[15m]))`,
  });
  return [
    p95("cycle_duration_seconds"),
    p95("cycle_stage_duration_seconds", ["stage"]),
    p95("exchange_api_request_duration_seconds", ["endpoint"]),
    p95("order_intent_to_submit_duration_seconds"),
    p95("order_submit_to_ack_duration_seconds"),
    p95("order_ack_to_fill_duration_seconds"),
    p95("order_intent_to_fill_duration_seconds"),
    p95("data_freshness_seconds", ["source"]),
    p95("data_storage_write_duration_seconds"),
    p95("ai_request_duration_seconds", ["model"]),
    p95("feature_store_query_duration_seconds"),
    p95("http_request_duration_seconds", ["route"]),
    rateBy("orders_rejected_total", ["reason"]),
    rateBy("risk_rejections_total", ["reason"]),
    rateBy("no_trade_cycles_total", ["reason"]),
    rateBy("exchange_api_errors_total", ["error_type"]),
    rateBy("cycles_total", ["status"]),
    rateBy("orders_placed_total", ["side"]),
    rateBy("orders_filled_total", ["side"]),
    ratio("order_fill", "orders_filled_total", "orders_placed_total"),
    ratio("exchange_api_error", "exchange_api_errors_total", "exchange_api_requests_total"),
  ];
}

/** Returns the rule file object (`groups`) holding the recording rules. */
export function recordingRuleGroups(
  options: Pick<BundleOptions, "namespace">,
): Record<string, unknown> {
  return { groups: [{ name: "tradewatch-recording", rules: recordingRules(options) }] };
}
