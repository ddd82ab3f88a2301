/** @module The AI & cache dashboard: seed 002's "AI Trading Overview", with its latency query fixed. */
import type { DashboardSpec } from "../dashboard-builder.js";
import type { DashboardNames } from "../dashboards.js";

/** Returns the AI & cache dashboard. */
export function aiCacheDashboard({ metric: m, recorded: r }: DashboardNames): DashboardSpec {
  const hits = `sum(rate(${m("cache_hits_total")}[10m]))`;
  return {
    uid: "tradewatch-ai-cache",
    file: "ai-cache",
    title: "Tradewatch / AI & cache",
    description:
      "Seed 002's AI overview: model spend, requests, latency, decisions, and the feature-store caches.",
    tags: ["tradewatch", "ai", "cache"],
    rows: [
      {
        title: "AI agent",
        panels: [
          {
            kind: "stat",
            title: "AI cost, last 24 h",
            feed: "Needs the AI integration: an LLM SDK client wrapped with tradewatch/instrument (the reference bot calls no model).",
            description:
              "Model API spend over the trailing 24 hours (HighAICost alerts above $0.50 in an hour).",
            unit: "currencyUSD",
            queries: [{ expr: `sum(increase(${m("ai_cost_usd_total")}[24h]))`, instant: true }],
          },
          {
            kind: "timeseries",
            title: "AI requests per minute",
            feed: "Needs the AI integration: an LLM SDK client wrapped with tradewatch/instrument (the reference bot calls no model).",
            description: "Model API requests per minute, by model and outcome.",
            unit: "short",
            queries: [
              {
                expr: `sum by (model, outcome) (rate(${m("ai_requests_total")}[$__rate_interval])) * 60`,
                legend: "{{model}} {{outcome}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "AI latency p95",
            feed: "Needs the AI integration: an LLM SDK client wrapped with tradewatch/instrument (the reference bot calls no model).",
            description:
              "95th percentile model request duration. Seed 002 applied histogram_quantile to raw buckets (no rate), which measures since process start.",
            unit: "s",
            queries: [
              {
                expr: `max by (model) (${r("ai_request_duration_seconds:p95_5m")})`,
                legend: "{{model}}",
              },
            ],
          },
          {
            kind: "bargauge",
            title: "Decisions by action, last hour",
            feed: "Needs the AI integration: an agent recording its decisions (recordAiDecision); the reference bot has no agent.",
            description: "Trading decisions the agent took, by action.",
            unit: "short",
            queries: [
              {
                expr: `sum by (action) (increase(${m("ai_decisions_total")}[1h]))`,
                legend: "{{action}}",
                instant: true,
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Decision conviction (median and p90)",
            feed: "Needs the AI integration: an agent recording its decisions (recordAiDecision); the reference bot has no agent.",
            description: "Distribution of the agent's conviction scores (0 to 1).",
            unit: "percentunit",
            min: 0,
            max: 1,
            queries: [
              {
                expr: `histogram_quantile(0.5, sum by (le) (rate(${m("ai_decision_conviction_bucket")}[$__rate_interval])))`,
                legend: "median",
              },
              {
                expr: `histogram_quantile(0.9, sum by (le) (rate(${m("ai_decision_conviction_bucket")}[$__rate_interval])))`,
                legend: "p90",
              },
            ],
          },
          {
            kind: "stat",
            title: "Analyses, last hour",
            feed: "default run",
            description:
              "Analyses the agent performed in the last hour. Reads 0 until an agent records its analyses (the AI integration).",
            unit: "short",
            queries: [{ expr: `sum(increase(${m("ai_analyses_total")}[1h]))`, instant: true }],
          },
        ],
      },
      {
        title: "Feature store and caches",
        panels: [
          {
            kind: "gauge",
            title: "Cache hit ratio (10 min)",
            feed: "default run",
            description:
              "Hits over lookups from the counters; the level depends on the workload (tradewatch run: a steady 0.5). LowCacheHitRatio alerts when it falls below 80 % of the previous day's.",
            unit: "percentunit",
            min: 0,
            max: 1,
            thresholds: [
              [null, "red"],
              [0.8, "green"],
            ],
            queries: [
              {
                expr: `${hits} / (${hits} + sum(rate(${m("cache_misses_total")}[10m])))`,
                instant: true,
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Cache hits by layer",
            feed: "default run",
            description:
              "Cache hits per second by layer, and misses. Reads 0 until a cache is wrapped with tradewatch/instrument.",
            unit: "ops",
            queries: [
              {
                expr: `sum by (layer) (rate(${m("cache_hits_total")}[$__rate_interval]))`,
                legend: "{{layer}} hits",
              },
              { expr: `sum(rate(${m("cache_misses_total")}[$__rate_interval]))`, legend: "misses" },
            ],
          },
          {
            kind: "timeseries",
            title: "Feature latency p95",
            feed: "default run",
            description:
              "95th percentile feature calculation time by feature, and feature-store query time.",
            unit: "s",
            queries: [
              {
                expr: `histogram_quantile(0.95, sum by (feature, le) (rate(${m("feature_calculation_duration_seconds_bucket")}[$__rate_interval])))`,
                legend: "{{feature}}",
              },
              {
                expr: `max(${r("feature_store_query_duration_seconds:p95_5m")})`,
                legend: "store query",
              },
            ],
          },
        ],
      },
    ],
  };
}
