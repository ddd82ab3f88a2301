/** @module Catalog: the AI agent: analyses, decisions, model requests, cost, latency and conviction. */

import { aiSecondsBuckets, scoreBuckets } from "../buckets.js";
import { aiActions } from "../label-values.js";
import { modelLabel, outcomeLabel, symbolLabel } from "../labels.js";
import type { MetricDefinition } from "../types.js";

export const aiMetrics = [
  {
    key: "ai_analyses",
    name: "ai_analyses_total",
    help: "Instrument analyses the AI agent performed.",
    type: "counter",
    labels: [],
    domain: "ai",
    seedNames: [
      {
        seed: "002",
        name: "agent_analyses_total",
        note: "Prefix `ai_` for the whole agent domain.",
      },
    ],
  },
  {
    key: "ai_decisions",
    name: "ai_decisions_total",
    help: "Trading decisions the AI agent made, by action.",
    type: "counter",
    labels: [
      symbolLabel,
      { name: "action", help: "Decision.", bound: { kind: "enum", values: aiActions } },
    ],
    domain: "ai",
    seedNames: [
      {
        seed: "002",
        name: "agent_decisions_total",
        note: "`ticker` is `symbol`; action is lower case.",
      },
    ],
    example: "sum by (action) (increase({name}[1d]))",
  },
  {
    key: "ai_requests",
    name: "ai_requests_total",
    help: "Requests to AI models, by model and outcome.",
    type: "counter",
    labels: [modelLabel, outcomeLabel],
    domain: "ai",
    seedNames: [
      {
        seed: "002",
        name: "ai_api_requests_total",
        note: "Label `model_name` is `model`; adds `outcome`.",
      },
    ],
  },
  {
    key: "ai_cost",
    name: "ai_cost_usd_total",
    help: "Cost of AI model requests.",
    type: "counter",
    unit: "usd",
    labels: [modelLabel],
    domain: "ai",
    seedNames: [
      { seed: "002", name: "ai_api_cost_usd_total", note: "Label `model_name` is `model`." },
    ],
    example: "sum(rate({name}[1h])) * 3600 > 0.50",
  },
  {
    key: "ai_request_duration",
    name: "ai_request_duration_seconds",
    help: "Duration of AI model requests, failures included.",
    type: "histogram",
    unit: "seconds",
    labels: [modelLabel],
    buckets: aiSecondsBuckets,
    domain: "ai",
    seedNames: [
      {
        seed: "002",
        name: "ai_api_latency_seconds",
        note: "The seed's histogram_quantile over raw `_bucket` lacks rate() and `by (le)`; see the example.",
      },
    ],
  },
  {
    key: "ai_conviction",
    name: "ai_decision_conviction",
    help: "Conviction score of AI decisions, 0-1.",
    type: "histogram",
    labels: [],
    buckets: scoreBuckets,
    domain: "ai",
    seedNames: [
      {
        seed: "002",
        name: "agent_conviction_score",
        note: "Dimensionless 0-1 score, so no unit suffix; `score` dropped as it says nothing.",
      },
    ],
  },
] as const satisfies readonly MetricDefinition[];
