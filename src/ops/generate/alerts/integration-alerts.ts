/** @module Alerts on what the bot talks to: exchange API errors and fills, market data validation, the AI models, caches and databases. */
import type { AlertContext, AlertSpec } from "./alert-spec.js";

/** Returns the alerts on the exchange, the data feed, the AI integration, caches and databases. */
export function integrationAlerts(context: AlertContext): AlertSpec[] {
  const { m, s, selector, target, time } = context;
  const byTarget = "job, instance";
  const window = (duration: string) => time.duration(duration);
  // Lookups per second by target over `range` (a range selector, with any offset).
  const cacheRate = (metric: string, range: string) =>
    `sum by (${byTarget}) (rate(${m(metric)}${range}))`;
  const lookupRate = (range: string) =>
    `(${cacheRate("cache_hits_total", range)} + ${cacheRate("cache_misses_total", range)})`;
  const hitRatio = (range: string) =>
    `(${cacheRate("cache_hits_total", range)} / ${lookupRate(range)})`;
  return [
    {
      alert: "APIErrorBurst",
      severity: "warning",
      expr: `${m("exchange_api_consecutive_errors")} >= 2`,
      for: time.duration("1m"),
      summary:
        '{{ $value | printf "%.0f" }} consecutive exchange API errors on {{ $labels.instance }}',
      description:
        "The last exchange API calls all failed for over a minute; the api_health breaker is about to trip, if it has not.",
      runbook: [
        `Break the errors down: sum by (error_type) (rate(${m("exchange_api_errors_total")}[5m])).`,
        "rate_limit: lower the request rate; auth_error: check the API key; timeout/server_error/connection_error: check the exchange status.",
      ],
      provoke:
        "`tradewatch run --fault-schedule 1m:healthy,3m:api_errors` (or `--fault-rate 0.5`): half of all exchange calls fail, so failures run two and more in a row; fires about 2 minutes in.",
      seed: "Seed 000 `exchange_api_consecutive_errors >= 2`: kept.",
      botSeries: true,
      fires: {
        name: "errors pile up for two minutes",
        interval: "15s",
        series: { [s("exchange_api_consecutive_errors")]: "0 1 2 3 4 5 6 7 8" },
        evalTime: "2m",
        expect: [{ labels: target(), value: 8 }],
      },
      silent: {
        name: "a burst of three that a success resets within a minute",
        interval: "15s",
        series: { [s("exchange_api_consecutive_errors")]: "0 1 2 3 0x6" },
        evalTime: "2m",
        expect: [],
      },
    },
    {
      alert: "APIErrorRateHigh",
      severity: "warning",
      expr: `sum by (${byTarget}) (rate(${m("exchange_api_errors_total")}[${window("5m")}])) / sum by (${byTarget}) (rate(${m("exchange_api_requests_total")}[${window("5m")}])) > 0.05`,
      for: time.duration("5m"),
      summary:
        'Exchange API errors are {{ $value | printf "%.2f" }} of calls on {{ $labels.instance }}',
      description:
        "More than 5 % of exchange API calls failed over 5 minutes. Intermittent errors that never make two in a row still show here.",
      runbook: [
        `Which endpoints and why: sum by (endpoint, error_type) (rate(${m("exchange_api_errors_total")}[5m])).`,
        "Compare with the exchange's status page and the rate-limit utilisation panel.",
      ],
      provoke:
        "`tradewatch run --fault-schedule 1m:healthy,12m:api_errors` (or `--fault-rate 0.1`): over 5 % of calls fail; fires after its 5-minute window and 5-minute `for:`.",
      seed: "Seed 001 `rate(trader_api_errors_total[5m]) > 5` (MEDIUM; 5 errors per second, whatever the traffic): made a ratio of calls.",
      botSeries: true,
      fires: {
        name: "one call in ten fails",
        interval: "1m",
        series: {
          [s("exchange_api_requests_total", { endpoint: "create_order" })]: "0+60x20",
          [s("exchange_api_errors_total", { endpoint: "create_order", error_type: "timeout" })]:
            "0+6x20",
        },
        evalTime: "15m",
        expect: [{ labels: target(), value: 0.1 }],
      },
      silent: {
        name: "one call in fifty fails",
        interval: "1m",
        series: {
          [s("exchange_api_requests_total", { endpoint: "create_order" })]: "0+60x20",
          [s("exchange_api_errors_total", { endpoint: "create_order", error_type: "timeout" })]:
            "0+1.2x20",
        },
        evalTime: "15m",
        expect: [],
      },
    },
    {
      alert: "LowFillRatio",
      severity: "warning",
      expr: `sum by (${byTarget}) (rate(${m("orders_filled_total")}[${window("15m")}])) / sum by (${byTarget}) (rate(${m("orders_placed_total")}[${window("15m")}])) < 0.7`,
      for: time.duration("5m"),
      summary: 'Only {{ $value | printf "%.2f" }} of orders fill on {{ $labels.instance }}',
      description:
        "Fewer than 70 % of the orders placed in the last 15 minutes were filled. Idle periods with no orders do not count.",
      runbook: [
        `Why orders do not fill: sum by (reason) (rate(${m("orders_rejected_total")}[15m])) and ${m("orders_canceled_total")}.`,
        "Check limit prices against the spread, and the minimum notional.",
      ],
      provoke: "`tradewatch run --fault-rejection 0.5`: the exchange rejects half of the orders.",
      seed: "Seed 000 `trader_fill_ratio < 0.70` read a per-cycle gauge that is 0 whenever no order is attempted; computed from the order counters instead.",
      botSeries: true,
      fires: {
        name: "half the orders fill",
        interval: "1m",
        series: {
          [s("orders_placed_total", { side: "buy", symbol: "BTC/USDT" })]: "0+10x40",
          [s("orders_filled_total", { side: "buy", symbol: "BTC/USDT" })]: "0+5x40",
        },
        evalTime: "25m",
        expect: [{ labels: target(), value: 0.5 }],
      },
      silent: {
        name: "80 % fill, and another bot places no orders at all",
        interval: "1m",
        series: {
          [s("orders_placed_total", { side: "buy", symbol: "BTC/USDT" })]: "0+10x40",
          [s("orders_filled_total", { side: "buy", symbol: "BTC/USDT" })]: "0+8x40",
          [selector(m("orders_placed_total"), {
            instance: "127.0.0.1:9200",
            side: "buy",
            symbol: "BTC/USDT",
          })]: "0x40",
          [selector(m("orders_filled_total"), {
            instance: "127.0.0.1:9200",
            side: "buy",
            symbol: "BTC/USDT",
          })]: "0x40",
        },
        evalTime: "25m",
        expect: [],
      },
    },
    {
      alert: "HighValidationErrorRate",
      severity: "warning",
      expr: `sum by (${byTarget}, source) (rate(${m("data_validation_errors_total")}[${window("5m")}])) > 10`,
      for: time.duration("5m"),
      summary:
        '{{ $value | printf "%.1f" }} market data validation errors per second from {{ $labels.source }}',
      description:
        "Market data from {{ $labels.source }} fails validation more than 10 times a second over 5 minutes, all error types together.",
      runbook: [
        `Which errors: sum by (error_type) (rate(${m("data_validation_errors_total")}{source="{{ $labels.source }}"}[5m])).`,
        "gap/out_of_order: check the feed connection; crossed_book/out_of_range: check the symbol mapping.",
      ],
      provoke:
        "No `tradewatch run` flag corrupts market data at 10 errors a second; the promtool cases prove the rule.",
      seed: "Seed 003 `rate(data_validation_errors_total[5m]) > 10` (HighErrorRate) compared each error type on its own; summed per source.",
      botSeries: true,
      fires: {
        name: "two error types at 6 per second each",
        interval: "1m",
        series: {
          [s("data_validation_errors_total", { source: "simulated", error_type: "gap" })]:
            "0+360x20",
          [s("data_validation_errors_total", { source: "simulated", error_type: "duplicate" })]:
            "0+360x20",
        },
        evalTime: "15m",
        expect: [{ labels: target({ source: "simulated" }), value: 12 }],
      },
      silent: {
        name: "5 per second",
        interval: "1m",
        series: {
          [s("data_validation_errors_total", { source: "simulated", error_type: "gap" })]:
            "0+300x20",
        },
        evalTime: "15m",
        expect: [],
      },
    },
    {
      alert: "HighAICost",
      severity: "warning",
      expr: `sum by (${byTarget}) (increase(${m("ai_cost_usd_total")}[${window("1h")}])) > 0.5`,
      for: time.duration("5m"),
      summary:
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a Go template in an alert annotation, not a JavaScript template
        'AI spend was ${{ $value | printf "%.2f" }} in the last hour on {{ $labels.instance }}',
      description: "Model API spend exceeded $0.50 over the last hour.",
      runbook: [
        `Which model: sum by (model) (increase(${m("ai_cost_usd_total")}[1h])).`,
        "Check the cache hit ratio: misses turn into paid requests.",
      ],
      provoke:
        "Fed by the AI integration (`tradewatch/instrument` LLM SDK wrappers); the reference bot calls no model, so no `tradewatch run` line provokes it.",
      seed: "Seed 002 `rate(ai_api_cost_usd_total[1h]) > 0.50` compared a per-second rate with an hourly budget ($1,800 an hour before it fired); now the hour's increase.",
      botSeries: true,
      fires: {
        name: "one cent a minute is $0.60 an hour",
        interval: "1m",
        series: { [s("ai_cost_usd_total", { model: "claude-3-haiku-20240307" })]: "0+0.01x120" },
        evalTime: "70m",
        expect: [{ labels: target(), value: 0.6 }],
      },
      silent: {
        name: "half a cent a minute is $0.30 an hour",
        interval: "1m",
        series: { [s("ai_cost_usd_total", { model: "claude-3-haiku-20240307" })]: "0+0.005x120" },
        evalTime: "70m",
        expect: [],
      },
    },
    {
      alert: "LowCacheHitRatio",
      severity: "warning",
      // The hit ratio over 10 minutes against the same target's over the day before them: a
      // healthy hit ratio depends on the workload (tradewatch run's two strategies share each
      // bar's feature, one miss and one hit: a steady 0.5), so only a drop says something broke.
      expr: `${hitRatio(`[${window("10m")}]`)} < 0.8 * ${hitRatio(`[${window("1d")}] offset ${window("10m")}`)} and on (${byTarget}) ${lookupRate(`[${window("10m")}]`)} > 1 / 60`,
      for: time.duration("10m"),
      summary: 'Cache hit ratio fell to {{ $value | printf "%.2f" }} on {{ $labels.instance }}',
      description:
        "The feature-store hit ratio over 10 minutes is below 80 % of its own ratio over the day before (at least one lookup a minute): a cache layer stopped answering or evicts what it stored, so lookups that used to hit now compute (and may pay for) their value again.",
      runbook: [
        `Which layer lost its hits: sum by (layer) (rate(${m("cache_hits_total")}[10m])), against the same an hour or a day ago (offset 1d).`,
        "Check the cache's connection (DatabaseDisconnected), its memory and eviction settings (Redis INFO stats evicted_keys) and whether a deploy changed the feature keys or the TTL.",
        "A deliberate workload change (fewer strategies sharing a feature) lowers the ratio too: it fires until the previous day's ratio has caught up (up to a day), so silence it for that long.",
      ],
      provoke:
        "Fed by `tradewatch run`'s feature store, whose healthy ratio is a steady 0.5 (each bar's feature is computed once and read by the second strategy from the in-process L1), so no `tradewatch run` flag or fault drops it: Redis or PostgreSQL going down (`--redis-url` / `--postgres-url`, then stop the server) fires DatabaseDisconnected but keeps the ratio at 0.5, as L1 still serves the second strategy. It fires for a store that loses a layer its hits came from, e.g. a bot reading features other processes write to Redis when Redis is flushed or down.",
      seed: "Seed 002 `cache_hit_rate < 0.8` read a gauge the application computes over its own window and set a fixed level: a healthy hit ratio depends on the workload (`tradewatch run` holds a steady 0.5 and would page forever). Now the 10-minute ratio from the hit and miss counters below 80 % of the same target's over the previous day, with at least one lookup a minute.",
      botSeries: true,
      fires: {
        name: "a day at 50 % hits, then 10 %",
        interval: "1m",
        series: {
          [s("cache_hits_total", { layer: "l1" })]: "0+5x1440 7201+1x39",
          [s("cache_misses_total")]: "0+5x1440 7209+9x39",
        },
        evalTime: "24h35m",
        expect: [{ labels: target(), value: 0.1 }],
      },
      silent: {
        name: "a steady 50 % hits for a day (tradewatch run's healthy ratio)",
        interval: "1m",
        series: {
          [s("cache_hits_total", { layer: "l1" })]: "0+5x1480",
          [s("cache_misses_total")]: "0+5x1480",
        },
        evalTime: "24h35m",
        expect: [],
      },
    },
    {
      alert: "DatabaseDisconnected",
      severity: "critical",
      expr: `${m("database_connection_up")} == 0`,
      for: time.duration("2m"),
      summary: "Database {{ $labels.database }} is disconnected on {{ $labels.instance }}",
      description: "The bot has had no connection to {{ $labels.database }} for 2 minutes.",
      runbook: [
        "Check the database process and its disk space.",
        "The journal buffers nothing while disconnected: trades in this window may be missing from reports.",
      ],
      provoke:
        "Fed by the database integrations (`tradewatch/instrument` pg and Redis wrappers); `tradewatch run` opens its SQLite journal in process and reports no connection to lose.",
      seed: "Seed 002 `timescale_connection_status == 0 or redis_connection_status == 0`: one gauge labelled by database.",
      botSeries: true,
      fires: {
        name: "sqlite down for three minutes",
        interval: "15s",
        series: { [s("database_connection_up", { database: "sqlite" })]: "1 0x14" },
        evalTime: "3m",
        expect: [{ labels: target({ database: "sqlite" }), value: 0 }],
      },
      silent: {
        name: "a 45-second reconnect",
        interval: "15s",
        series: { [s("database_connection_up", { database: "sqlite" })]: "1 0 0 0 1x11" },
        evalTime: "3m",
        expect: [],
      },
    },
  ];
}
