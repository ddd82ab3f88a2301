/** @module Catalog: the AI agent: analyses, decisions, model requests, cost, latency and conviction. */

import { aiSecondsBuckets, scoreBuckets } from "../buckets.js";
import { aiActions } from "../label-values.js";
import { apiErrorTypeLabel, modelLabel, outcomeLabel, symbolLabel } from "../labels.js";
import type { MetricDefinition } from "../types.js";

/** Directions of AI tokens: prompt tokens in, generated tokens out. */
export const aiTokenDirections = ["input", "output"] as const;
export type AiTokenDirection = (typeof aiTokenDirections)[number];

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
    key: "ai_request_errors",
    name: "ai_request_errors_total",
    help: "Failed AI model requests, by model and normalised error type.",
    type: "counter",
    labels: [modelLabel, apiErrorTypeLabel],
    domain: "ai",
    seedNames: [],
    example: "sum by (error_type) (increase({name}[1h]))",
  },
  {
    key: "ai_tokens",
    name: "ai_tokens_total",
    help: "Tokens of AI model requests that completed, by model and direction (input or output).",
    type: "counter",
    labels: [
      modelLabel,
      {
        name: "direction",
        help: "Prompt tokens (input) or generated tokens (output).",
        bound: { kind: "enum", values: aiTokenDirections },
      },
    ],
    domain: "ai",
    seedNames: [],
    example: "sum by (model, direction) (rate({name}[1h])) * 3600",
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
