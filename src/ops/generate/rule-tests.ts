/** @module Generates the promtool unit tests (`promtool test rules`) for every alert: one case where it fires, one nearby case where it stays silent. */
import { fullMetricName } from "../../catalog/index.js";
import type { BundleOptions } from "../types.js";
import { alertRuleGroups, alertSpecs } from "./alert-rules.js";
import type { AlertCase, AlertSpec } from "./alerts/alert-spec.js";

/**
 * Renders the subset of Go templates the alert annotations use: `{{ $labels.name }}`,
 * `{{ $value }}` and `{{ $value | printf "%.Nf" }}`. Throws on anything else, so that a
 * new annotation cannot silently go untested.
 */
export function renderAnnotation(
  template: string,
  labels: Readonly<Record<string, string>>,
  value: number,
): string {
  return template.replace(/\{\{\s*(.*?)\s*\}\}/g, (whole, body: string) => {
    const label = /^\$labels\.(\w+)$/.exec(body);
    if (label !== null) return labels[label[1]!] ?? "";
    if (body === "$value") return String(value);
    const printf = /^\$value \| printf "%\.(\d)f"$/.exec(body);
    if (printf !== null) return value.toFixed(Number(printf[1]));
    throw new Error(`Annotation template ${whole} is not supported by the test renderer`);
  });
}

function alertTest(spec: AlertSpec, testCase: AlertCase, rule: Record<string, unknown>) {
  const annotations = rule.annotations as Record<string, string>;
  return {
    interval: testCase.interval,
    name: `${spec.alert} ${testCase.expect.length === 0 ? "stays silent" : "fires"}: ${testCase.name}`,
    input_series: Object.entries(testCase.series).map(([series, values]) => ({ series, values })),
    alert_rule_test: [
      {
        eval_time: testCase.evalTime,
        alertname: spec.alert,
        exp_alerts: testCase.expect.map((expected) => {
          const labels = { ...expected.labels, severity: spec.severity };
          return {
            exp_labels: labels,
            exp_annotations: Object.fromEntries(
              Object.entries(annotations).map(([key, template]) => [
                key,
                renderAnnotation(template, labels, expected.value),
              ]),
            ),
          };
        }),
      },
    ],
  };
}

/** Returns the promtool test file object for the alert rules in `rules/alerts.yml`. */
export function alertRuleTests(options: BundleOptions): Record<string, unknown> {
  const specs = alertSpecs(options);
  const groups = alertRuleGroups(options).groups as { rules: Record<string, unknown>[] }[];
  const rules = groups[0]!.rules;
  return {
    rule_files: ["../rules/alerts.yml"],
    evaluation_interval: "15s",
    tests: specs.flatMap((spec, index) => [
      alertTest(spec, spec.fires, rules[index]!),
      // The Watchdog always fires: it has no silent case.
      ...(spec.silent === undefined ? [] : [alertTest(spec, spec.silent, rules[index]!)]),
    ]),
  };
}

/**
 * Returns the promtool test file object for the recording rules in `rules/recording.yml`:
 * a p95, a rate by reason and a ratio, each computed by hand from its input series.
 */
export function recordingRuleTests(options: BundleOptions): Record<string, unknown> {
  const m = (name: string) => fullMetricName(name, options.namespace);
  const level = options.namespace === "" ? "trading" : options.namespace;
  const target = `job="${options.job}", instance="127.0.0.1:9100"`;
  return {
    rule_files: ["../rules/recording.yml"],
    evaluation_interval: "1m",
    tests: [
      {
        name: "p95 cycle duration interpolates inside the 1-2.5 s bucket",
        interval: "1m",
        input_series: [
          { series: `${m("cycle_duration_seconds_bucket")}{${target}, le="1"}`, values: "0+10x20" },
          {
            series: `${m("cycle_duration_seconds_bucket")}{${target}, le="2.5"}`,
            values: "0+20x20",
          },
          {
            series: `${m("cycle_duration_seconds_bucket")}{${target}, le="+Inf"}`,
            values: "0+20x20",
          },
        ],
        promql_expr_test: [
          {
            // Rank 0.95 × 20 = 19 falls 9/10 of the way through the (1, 2.5] bucket: 1 + 1.5 × 0.9.
            expr: `${level}:cycle_duration_seconds:p95_5m`,
            eval_time: "10m",
            exp_samples: [
              { labels: `${level}:cycle_duration_seconds:p95_5m{${target}}`, value: 2.35 },
            ],
          },
        ],
      },
      {
        name: "rejections per second by reason",
        interval: "1m",
        input_series: [
          {
            series: `${m("orders_rejected_total")}{${target}, reason="exposure_cap"}`,
            values: "0+60x20",
          },
          { series: `${m("orders_rejected_total")}{${target}, reason="other"}`, values: "0+30x20" },
        ],
        promql_expr_test: [
          {
            expr: `${level}:orders_rejected:rate5m`,
            eval_time: "10m",
            exp_samples: [
              {
                labels: `${level}:orders_rejected:rate5m{${target}, reason="exposure_cap"}`,
                value: 1,
              },
              { labels: `${level}:orders_rejected:rate5m{${target}, reason="other"}`, value: 0.5 },
            ],
          },
        ],
      },
      {
        name: "fill ratio over both sides and all symbols",
        interval: "1m",
        input_series: [
          {
            series: `${m("orders_placed_total")}{${target}, side="buy", symbol="BTC/USDT"}`,
            values: "0+6x40",
          },
          {
            series: `${m("orders_placed_total")}{${target}, side="sell", symbol="ETH/USDT"}`,
            values: "0+2x40",
          },
          {
            series: `${m("orders_filled_total")}{${target}, side="buy", symbol="BTC/USDT"}`,
            values: "0+3x40",
          },
          {
            series: `${m("orders_filled_total")}{${target}, side="sell", symbol="ETH/USDT"}`,
            values: "0+1x40",
          },
        ],
        promql_expr_test: [
          {
            expr: `${level}:order_fill:ratio_rate15m`,
            eval_time: "20m",
            exp_samples: [{ labels: `${level}:order_fill:ratio_rate15m{${target}}`, value: 0.5 }],
          },
        ],
      },
    ],
  };
}
