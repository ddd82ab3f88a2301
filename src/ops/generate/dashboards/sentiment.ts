/** @module The Sentiment dashboard (seed 004 phase 8): aggregated sentiment by symbol and its distribution, divergences, provider contribution, and the providers' usage, latency, errors, rate limits and data age. */
import type { DashboardSpec } from "../dashboard-builder.js";
import type { DashboardNames } from "../dashboards.js";

/** Returns the Sentiment dashboard. */
export function sentimentDashboard({ metric: m }: DashboardNames): DashboardSpec {
  const aggregateBuckets = `sum by (le) (rate(${m("sentiment_aggregate_bucket")}[$__rate_interval]))`;
  return {
    uid: "tradewatch-sentiment",
    file: "sentiment",
    title: "Tradewatch / Sentiment",
    description:
      "Seed 004's sentiment analysis: the aggregated score by symbol and its distribution, divergences between providers, each provider's weight and usage, and the providers' health.",
    tags: ["tradewatch", "sentiment", "providers"],
    rows: [
      {
        title: "Aggregated sentiment",
        panels: [
          {
            kind: "timeseries",
            title: "Sentiment by symbol",
            feed: "default run",
            description:
              "The latest aggregated sentiment of each symbol, from -1 (bearish) to +1 (bullish).",
            unit: "short",
            min: -1,
            max: 1,
            width: 12,
            queries: [
              {
                expr: `max by (symbol) (${m("sentiment_current")})`,
                legend: "{{symbol}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Sentiment distribution (p10, median, p90)",
            feed: "default run",
            description:
              "Quantiles of the aggregated scores over all symbols, from the sentiment_aggregate histogram: a widening band means the providers disagree more.",
            unit: "short",
            min: -1,
            max: 1,
            width: 12,
            queries: [
              { expr: `histogram_quantile(0.1, ${aggregateBuckets})`, legend: "p10" },
              { expr: `histogram_quantile(0.5, ${aggregateBuckets})`, legend: "median" },
              { expr: `histogram_quantile(0.9, ${aggregateBuckets})`, legend: "p90" },
            ],
          },
          {
            kind: "bargauge",
            title: "Scores by bucket, last hour",
            feed: "default run",
            description:
              "How many aggregated scores fell at or below each bucket bound in the last hour (cumulative, as the histogram counts them).",
            unit: "short",
            width: 12,
            queries: [
              {
                expr: `sum by (le) (increase(${m("sentiment_aggregate_bucket")}[1h]))`,
                legend: "≤ {{le}}",
                instant: true,
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Divergences per hour",
            feed: "default run",
            description:
              "Divergences detected between the providers' sentiment of a symbol, per hour, by symbol.",
            unit: "short",
            width: 12,
            queries: [
              {
                expr: `sum by (symbol) (rate(${m("sentiment_divergences_total")}[$__rate_interval])) * 3600`,
                legend: "{{symbol}}",
              },
            ],
          },
        ],
      },
      {
        title: "Providers",
        panels: [
          {
            kind: "timeseries",
            title: "Provider weights",
            feed: "default run",
            description:
              "Each provider's weight in the latest aggregation (0 to 1; the weights sum to 1).",
            unit: "percentunit",
            min: 0,
            max: 1,
            stacked: true,
            queries: [
              {
                expr: `max by (provider) (${m("sentiment_provider_weight_ratio")})`,
                legend: "{{provider}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Readings used per minute",
            feed: "default run",
            description: "Provider readings used in aggregations per minute, by provider.",
            unit: "short",
            queries: [
              {
                expr: `sum by (provider) (rate(${m("sentiment_provider_uses_total")}[$__rate_interval])) * 60`,
                legend: "{{provider}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Provider requests per minute",
            feed: "default run",
            description: "Calls to the external data providers per minute, by provider.",
            unit: "short",
            queries: [
              {
                expr: `sum by (provider) (rate(${m("provider_requests_total")}[$__rate_interval])) * 60`,
                legend: "{{provider}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Provider latency p95",
            feed: "default run",
            description: "95th percentile duration of provider calls, by provider.",
            unit: "s",
            queries: [
              {
                expr: `histogram_quantile(0.95, sum by (provider, le) (rate(${m("provider_request_duration_seconds_bucket")}[$__rate_interval])))`,
                legend: "{{provider}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Provider data age",
            feed: "default run",
            description:
              "Age of the newest data each provider returned: a rising line is a provider serving stale data.",
            unit: "s",
            queries: [
              {
                expr: `max by (provider) (${m("provider_data_age_seconds")})`,
                legend: "{{provider}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Provider cache hit ratio",
            feed: "default run",
            description: "Share of recent provider lookups answered from cache, by provider.",
            unit: "percentunit",
            min: 0,
            max: 1,
            queries: [
              {
                expr: `max by (provider) (${m("provider_cache_hit_ratio")})`,
                legend: "{{provider}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Provider errors per minute",
            feed: "default run",
            description: "Failed provider calls per minute, by provider and normalised error type.",
            unit: "short",
            queries: [
              {
                expr: `sum by (provider, error_type) (rate(${m("provider_errors_total")}[$__rate_interval])) * 60`,
                legend: "{{provider}} {{error_type}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Provider rate-limit hits per minute",
            feed: "default run",
            description:
              "Provider calls refused for exceeding the provider's rate limit, per minute.",
            unit: "short",
            queries: [
              {
                expr: `sum by (provider) (rate(${m("provider_rate_limit_hits_total")}[$__rate_interval])) * 60`,
                legend: "{{provider}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Sentiment calculation time",
            feed: "default run",
            description:
              "Median and 95th percentile time to aggregate the providers' sentiment for one symbol.",
            unit: "s",
            queries: [
              {
                expr: `histogram_quantile(0.5, sum by (le) (rate(${m("sentiment_calculation_duration_seconds_bucket")}[$__rate_interval])))`,
                legend: "median",
              },
              {
                expr: `histogram_quantile(0.95, sum by (le) (rate(${m("sentiment_calculation_duration_seconds_bucket")}[$__rate_interval])))`,
                legend: "p95",
              },
            ],
          },
        ],
      },
    ],
  };
}
