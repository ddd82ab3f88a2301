/** @module Generates the promtool unit tests (`promtool test rules`) for every alert: one case where it fires, one nearby case where it stays silent. */
import type { BundleOptions } from "../types.js";
import { type AlertCase, type AlertSpec, alertRuleGroups, alertSpecs } from "./alert-rules.js";

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
      alertTest(spec, spec.silent, rules[index]!),
    ]),
  };
}
