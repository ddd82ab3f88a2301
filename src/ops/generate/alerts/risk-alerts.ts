/** @module Alerts on what halts or endangers trading: circuit breakers open or tripping, kill switches by source, exposure and drawdown. */
import type { AlertContext, AlertSpec } from "./alert-spec.js";

/** The breakers that guard against exchange faults, and flap when the exchange does. */
export const exchangeBreakers = [
  "api_health",
  "exchange_connectivity",
  "exchange_health",
  "rate_limit",
] as const;

/** Returns the alerts on breakers, kill switches, exposure and drawdown. */
export function riskAlerts(context: AlertContext): AlertSpec[] {
  const { m, s, selector, target, time, options } = context;
  return [
    {
      alert: "CircuitBreakerTripped",
      severity: "critical",
      expr: `${m("circuit_breaker_open")}{breaker!="kill_switch"} == 1`,
      for: time.duration("1m"),
      summary: "Circuit breaker {{ $labels.breaker }} is open on {{ $labels.instance }}",
      description:
        "Trading is halted by the {{ $labels.breaker }} circuit breaker, open for over a minute of wall-clock time. A breaker that trips and resets quickly fires CircuitBreakerTripping instead; the kill switch has an alert of its own.",
      runbook: [
        `See why in the Operations dashboard: ${m("exchange_api_consecutive_errors")} and ${m("exchange_api_errors_total")} for api_health/exchange_*, ${m("exchange_rate_limit_utilization_ratio")} for rate_limit, the regime panel for volatility_crash.`,
        "The breaker resets by itself when its cause clears; do not force it closed.",
        "If it stays open, check the exchange status page and the bot log for the first error.",
      ],
      provoke:
        "`tradewatch run --fault-schedule 1m:healthy,3m:disconnect`: the connection is down for 3 minutes of wall-clock time, holding exchange_connectivity and api_health open; fires about 2 minutes in.",
      seed: "Seed 000 `trader_circuit_breaker_state > 0` for 1m: kept, on our gauge, excluding the kill switch.",
      botSeries: true,
      fires: {
        name: "api_health open for two minutes",
        interval: "15s",
        series: { [s("circuit_breaker_open", { breaker: "api_health" })]: "0 1x10" },
        evalTime: "2m",
        expect: [{ labels: target({ breaker: "api_health" }), value: 1 }],
      },
      silent: {
        name: "api_health open for 30 s only; the kill switch is not a breaker alert; a plane endpoint's copy does not alert twice",
        interval: "15s",
        series: {
          [s("circuit_breaker_open", { breaker: "api_health" })]: "0 1 1 0x8",
          [s("circuit_breaker_open", { breaker: "kill_switch" })]: "1x10",
          [selector(m("circuit_breaker_open"), {
            job: `${options.job}-planes`,
            instance: "127.0.0.1:8001",
            breaker: "api_health",
          })]: "1x10",
        },
        evalTime: "2m",
        expect: [],
      },
    },
    {
      alert: "CircuitBreakerTripping",
      severity: "critical",
      expr: `increase(${m("circuit_breaker_trips_total")}{breaker=~"${exchangeBreakers.join("|")}"}[${time.duration("5m")}]) > 0`,
      for: time.duration("0s"),
      summary:
        'Circuit breaker {{ $labels.breaker }} tripped {{ $value | printf "%.0f" }} times in 5 minutes on {{ $labels.instance }}',
      description:
        "The {{ $labels.breaker }} breaker, which guards against exchange faults, tripped in the last 5 minutes. Each trip halts trading; a breaker that trips and resets within seconds (flapping) never stays open long enough for CircuitBreakerTripped, so this alert is the one that sees it.",
      runbook: [
        `How often: increase(${m("circuit_breaker_trips_total")}{breaker="{{ $labels.breaker }}"}[1h]); dozens an hour is flapping.`,
        `Flapping api_health/exchange_*: the exchange fails intermittently, see sum by (error_type) (rate(${m("exchange_api_errors_total")}[5m])); consider a longer breaker cooldown.`,
        "Why only the exchange breakers: volatility_crash trips on a 5 % drop and resets after 600 s of market time, which on the default simulated market (--speed 300) is a trip every few minutes (2 in a healthy 10-minute run) lasting 2 wall-clock seconds: a trading decision, not an outage. It still fires CircuitBreakerTripped if it stays open a minute (a live market). The stop-loss and drawdown breakers engage a kill switch, which KillSwitchActive reports by source.",
      ],
      provoke:
        "`tradewatch run --fault-schedule 1m:healthy,2m:api_errors` (half the calls fail) or `tradewatch run --fault-rate 0.05`: api_health trips and resets several times a minute; fires at the first evaluation after the first trip.",
      seed: "Seed 001 `increase(trader_circuit_breaker_trips_total[5m]) > 0` (CRITICAL): kept per breaker for the exchange breakers; on every breaker it paged on each simulated volatility crash of a healthy run.",
      botSeries: true,
      fires: {
        name: "api_health trips three times and is closed at every scrape",
        interval: "15s",
        series: {
          [s("circuit_breaker_trips_total", { breaker: "api_health" })]: "0x8 1 1 2 3 3x8",
          [s("circuit_breaker_open", { breaker: "api_health" })]: "0x20",
        },
        evalTime: "4m",
        expect: [{ labels: target({ breaker: "api_health" }), value: 3 }],
      },
      silent: {
        name: "the last trip was 10 minutes ago; a volatility crash and the kill switch trip now",
        interval: "1m",
        series: {
          [s("circuit_breaker_trips_total", { breaker: "api_health" })]: "0 1 2 2x20",
          [s("circuit_breaker_trips_total", { breaker: "volatility_crash" })]: "0+1x20",
          [s("circuit_breaker_trips_total", { breaker: "kill_switch" })]: "0+1x20",
        },
        evalTime: "12m",
        expect: [],
      },
    },
    {
      alert: "KillSwitchActive",
      severity: "critical",
      expr: `${m("kill_switch_active")} == 1`,
      for: time.duration("0s"),
      summary:
        "Kill switch {{ $labels.switch_type }} ({{ $labels.source }}) has halted trading on {{ $labels.instance }}",
      description:
        "The {{ $labels.switch_type }} kill switch is engaged by {{ $labels.source }}: the bot places no orders until it is released. Each source is its own alert, so engaging a second source while one is on notifies again.",
      runbook: [
        "http/file/config: someone engaged it on purpose (POST /kill-switch, the kill file, or the configuration); ask before releasing.",
        "daily_stop_loss/weekly_stop_loss/max_drawdown: review the period's trades in the journal before releasing.",
        "Release it the way it was engaged (GET /kill-switch lists every source); the alert resolves on the next evaluation.",
      ],
      provoke:
        "`tradewatch run --kill-file /tmp/tradewatch.halt`, then `curl -X POST -d '{\"active\":true}' http://127.0.0.1:9100/kill-switch` (source http) and `touch /tmp/tradewatch.halt` (source file): two alerts. `tradewatch run --kill-switch` engages source config.",
      seed: "Seed 002 `kill_switch_status == 1` and seed 003 `strategy_kill_switch_active > 0`: severity moved from the annotations into a label, which is what Alertmanager routes on; fires at once, a halt needs no confirmation; one alert per source.",
      botSeries: true,
      fires: {
        name: "engaged by HTTP, then by the file: two alerts",
        interval: "15s",
        series: {
          [s("kill_switch_active", { switch_type: "manual", source: "http" })]: "0 0 1x6",
          [s("kill_switch_active", { switch_type: "manual", source: "file" })]: "0 0 0 1x5",
          [s("kill_switch_active", { switch_type: "manual", source: "config" })]: "0x7",
        },
        evalTime: "1m",
        expect: [
          { labels: target({ switch_type: "manual", source: "http" }), value: 1 },
          { labels: target({ switch_type: "manual", source: "file" }), value: 1 },
        ],
      },
      silent: {
        name: "engaged then released",
        interval: "15s",
        series: {
          [s("kill_switch_active", { switch_type: "manual", source: "http" })]: "0 1 1 0x6",
          [s("kill_switch_active", { switch_type: "pnl", source: "daily_stop_loss" })]: "0x8",
        },
        evalTime: "1m",
        expect: [],
      },
    },
    {
      alert: "HighExposure",
      severity: "warning",
      expr: `${m("portfolio_exposure_ratio")}{type="at_risk"} > 0.3`,
      for: time.duration("2m"),
      summary: 'At-risk exposure is {{ $value | printf "%.2f" }} of NAV on {{ $labels.instance }}',
      description: "Open positions exceed 30 % of account value for 2 minutes.",
      runbook: [
        "Check the Risk dashboard: which symbols carry the exposure (position value by symbol).",
        "The risk engine's exposure cap should block new entries; if exposure still grows, check for fills the bot did not expect.",
      ],
      provoke:
        "No `tradewatch run` flag lifts the risk engine's exposure cap; the promtool cases prove the rule.",
      seed: 'Seed 000 `trader_exposure_pct{type="at_risk"} > 30`: our gauge is a ratio, so 30 % is 0.3.',
      botSeries: true,
      fires: {
        name: "35 % at risk",
        interval: "15s",
        series: { [s("portfolio_exposure_ratio", { type: "at_risk" })]: "0.35x20" },
        evalTime: "3m",
        expect: [{ labels: target({ type: "at_risk" }), value: 0.35 }],
      },
      silent: {
        name: "25 % at risk; pending exposure does not count",
        interval: "15s",
        series: {
          [s("portfolio_exposure_ratio", { type: "at_risk" })]: "0.25x20",
          [s("portfolio_exposure_ratio", { type: "pending" })]: "0.5x20",
        },
        evalTime: "3m",
        expect: [],
      },
    },
    {
      alert: "ExtremeExposure",
      severity: "critical",
      expr: `${m("portfolio_exposure_ratio")}{type="at_risk"} > 0.9`,
      for: time.duration("1m"),
      summary:
        'At-risk exposure is {{ $value | printf "%.2f" }} of NAV on {{ $labels.instance }}, over 90 %',
      description:
        "Open positions exceed 90 % of account value for a minute: almost the whole account moves with the market. HighExposure fires too.",
      runbook: [
        "Reduce exposure now, or engage the kill switch (POST /kill-switch) while you look.",
        "Find the positions in the Risk dashboard (position value by symbol) and why the exposure cap let them through.",
      ],
      provoke:
        "No `tradewatch run` flag lifts the risk engine's exposure cap; the promtool cases prove the rule.",
      seed: "Seed 001 `trader_exposure_pct > 90` (HIGH): a ratio of 0.9, paged as critical as the issue asks.",
      botSeries: true,
      fires: {
        name: "95 % at risk",
        interval: "15s",
        series: { [s("portfolio_exposure_ratio", { type: "at_risk" })]: "0.5 0.95x10" },
        evalTime: "2m",
        expect: [{ labels: target({ type: "at_risk" }), value: 0.95 }],
      },
      silent: {
        name: "85 % at risk, and 95 % for 30 s only",
        interval: "15s",
        series: {
          [s("portfolio_exposure_ratio", { type: "at_risk" })]: "0.85x10",
          [selector(m("portfolio_exposure_ratio"), {
            instance: "127.0.0.1:9200",
            type: "at_risk",
          })]: "0.5x5 0.95 0.95 0.5x3",
        },
        evalTime: "2m",
        expect: [],
      },
    },
    {
      alert: "LargeDrawdown",
      severity: "warning",
      expr: `${m("portfolio_drawdown_ratio")} > 0.08`,
      for: time.duration("5m"),
      summary: 'Drawdown is {{ $value | printf "%.2f" }} below peak on {{ $labels.instance }}',
      description: "Account value has been more than 8 % below its peak for 5 minutes.",
      runbook: [
        "Review open positions and today's trades in the Risk dashboard.",
        "The drawdown kill switch halts trading at its configured limit; decide whether to engage it earlier.",
      ],
      provoke:
        "`tradewatch run --crash-rate 0.01`: frequent volatility crashes on the simulated market drag the account below its peak (not guaranteed: the breaker may close positions first).",
      seed: "Seed 002 `max_drawdown_pct < -8.0` (a signed percentage of the all-time maximum, which never recovers): the current drawdown, a positive ratio.",
      botSeries: true,
      fires: {
        name: "10 % below peak",
        interval: "1m",
        series: { [s("portfolio_drawdown_ratio")]: "0.05 0.1x10" },
        evalTime: "8m",
        expect: [{ labels: target(), value: 0.1 }],
      },
      silent: {
        name: "5 % below peak",
        interval: "1m",
        series: { [s("portfolio_drawdown_ratio")]: "0.05x10" },
        evalTime: "8m",
        expect: [],
      },
    },
    {
      alert: "SevereDrawdown",
      severity: "critical",
      expr: `${m("portfolio_drawdown_ratio")} > 0.15`,
      for: time.duration("1m"),
      summary: 'Drawdown is {{ $value | printf "%.2f" }} below peak on {{ $labels.instance }}',
      description: "Account value is more than 15 % below its peak.",
      runbook: [
        "Consider engaging the kill switch now.",
        "Check whether a single position or a market-wide move caused it.",
      ],
      provoke:
        "`tradewatch run --crash-rate 0.01` as for LargeDrawdown, if the drawdown passes 15 % before the max_drawdown kill switch halts trading.",
      seed: "Seed 001 `trader_max_drawdown_pct > 15` (CRITICAL): the current drawdown as a ratio.",
      botSeries: true,
      fires: {
        name: "20 % below peak",
        interval: "1m",
        series: { [s("portfolio_drawdown_ratio")]: "0.1 0.2x5" },
        evalTime: "3m",
        expect: [{ labels: target(), value: 0.2 }],
      },
      silent: {
        name: "12 % below peak",
        interval: "1m",
        series: { [s("portfolio_drawdown_ratio")]: "0.12x5" },
        evalTime: "3m",
        expect: [],
      },
    },
  ];
}
