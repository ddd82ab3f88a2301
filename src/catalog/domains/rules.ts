/** @module Catalog: constitution rule checks and violations (seed 002's trading constitution). */

import { checkResults } from "../label-values.js";
import { ruleLabel } from "../labels.js";
import type { MetricDefinition } from "../types.js";

export const rulesMetrics = [
  {
    key: "constitution_checks",
    name: "constitution_checks_total",
    help: "Constitution rule checks, by rule and result.",
    type: "counter",
    labels: [
      ruleLabel,
      {
        name: "result",
        help: "Whether the check passed.",
        bound: { kind: "enum", values: checkResults },
      },
    ],
    domain: "rules",
    seedNames: [
      {
        seed: "002",
        name: "constitution_checks_total",
        note: "Label `rule_name` is `rule`; result is pass/fail.",
      },
    ],
    example: 'sum by (rule) (rate({name}{result="fail"}[1h])) / sum by (rule) (rate({name}[1h]))',
  },
  {
    key: "constitution_violations",
    name: "constitution_violations_total",
    help: "Constitution rule violations (failed checks that blocked an action).",
    type: "counter",
    labels: [ruleLabel],
    domain: "rules",
    seedNames: [
      { seed: "002", name: "constitution_violations_total", note: "Label `rule_name` is `rule`." },
    ],
  },
] as const satisfies readonly MetricDefinition[];
