/** @module The Strategy plane dashboard: seed 003's signals, exposure, PnL, regime and kill switches. */
import type { DashboardSpec } from "../dashboard-builder.js";
import type { DashboardNames } from "../dashboards.js";

/** Returns the Strategy plane dashboard. */
export function strategyPlaneDashboard({ metric: m }: DashboardNames): DashboardSpec {
  return {
    uid: "tradewatch-strategy-plane",
    file: "strategy-plane",
    title: "Tradewatch / Strategy plane",
    description:
      "Seed 003's strategy plane: signals and their strength, exposure and PnL by strategy, regime and kill switches.",
    tags: ["tradewatch", "strategy-plane"],
    rows: [
      {
        title: "Signals",
        panels: [
          {
            kind: "timeseries",
            title: "Signals per minute",
            feed: "default run",
            description: "Signals generated per minute, by strategy and direction.",
            unit: "short",
            width: 12,
            queries: [
              {
                expr: `sum by (strategy, direction) (rate(${m("strategy_signals_total")}[$__rate_interval])) * 60`,
                legend: "{{strategy}} {{direction}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Signal strength (median)",
            feed: "default run",
            description: "Median absolute signal strength, by strategy.",
            unit: "percentunit",
            min: 0,
            max: 1,
            width: 12,
            queries: [
              {
                expr: `histogram_quantile(0.5, sum by (strategy, le) (rate(${m("strategy_signal_strength_bucket")}[$__rate_interval])))`,
                legend: "{{strategy}}",
              },
            ],
          },
        ],
      },
      {
        title: "Exposure and PnL",
        panels: [
          {
            kind: "timeseries",
            title: "Gross and net exposure",
            feed: "default run",
            description: "Gross and net exposure by strategy.",
            unit: "currencyUSD",
            queries: [
              { expr: m("strategy_gross_exposure_usd"), legend: "gross {{strategy}}" },
              { expr: m("strategy_net_exposure_usd"), legend: "net {{strategy}}" },
            ],
          },
          {
            kind: "timeseries",
            title: "PnL by strategy",
            feed: "default run",
            description: "Realised and unrealised PnL by strategy.",
            unit: "currencyUSD",
            stacked: true,
            queries: [{ expr: m("strategy_pnl_usd"), legend: "{{strategy}} {{type}}" }],
          },
          {
            kind: "timeseries",
            title: "Total PnL",
            feed: "default run",
            description: "Realised plus unrealised PnL, all strategies.",
            unit: "currencyUSD",
            queries: [{ expr: `sum(${m("strategy_pnl_usd")})`, legend: "total" }],
          },
        ],
      },
      {
        title: "Regime and kill switches",
        panels: [
          {
            kind: "stat",
            title: "Market regime",
            feed: "default run",
            description: "The active regime (calm, normal, storm).",
            queries: [
              {
                expr: `max by (regime) (${m("strategy_regime")}) == 1`,
                legend: "{{regime}}",
                instant: true,
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Regime transitions per hour",
            feed: "default run",
            description: "Regime changes in the trailing hour.",
            unit: "short",
            queries: [
              {
                expr: `sum by (from_regime, to_regime) (increase(${m("strategy_regime_transitions_total")}[1h]))`,
                legend: "{{from_regime}} → {{to_regime}}",
              },
            ],
          },
          {
            kind: "stat",
            title: "Kill switches",
            feed: "default run",
            description: "Each kill switch type: OFF or ACTIVE.",
            mappings: { "0": ["OFF", "green"], "1": ["ACTIVE", "red"] },
            queries: [
              {
                expr: `max by (switch_type) (${m("kill_switch_active")})`,
                legend: "{{switch_type}}",
                instant: true,
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Kill switch triggers per day",
            feed: "default run",
            description: "Kill switch triggers in the trailing 24 hours, by type.",
            unit: "short",
            queries: [
              {
                expr: `sum by (switch_type) (increase(${m("kill_switch_triggers_total")}[24h]))`,
                legend: "{{switch_type}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Strategy timing p95",
            feed: "default run",
            description:
              "95th percentile evaluation, signal generation and decision time, by strategy.",
            unit: "s",
            queries: [
              {
                expr: `histogram_quantile(0.95, sum by (strategy, le) (rate(${m("strategy_evaluation_duration_seconds_bucket")}[$__rate_interval])))`,
                legend: "evaluate {{strategy}}",
              },
              {
                expr: `histogram_quantile(0.95, sum by (strategy, le) (rate(${m("strategy_decision_duration_seconds_bucket")}[$__rate_interval])))`,
                legend: "decide {{strategy}}",
              },
            ],
          },
        ],
      },
    ],
  };
}
