/** @module The seeds' PromQL, linted against each seed's own declared metrics: the sound queries pass, the broken ones are rejected with the reason. */
import { describe, expect, it } from "vitest";
import type { MetricDefinition } from "../../src/catalog/types.js";
import { lintExpression } from "../../src/ops/lint/expression-linter.js";
import { SeriesIndex } from "../../src/ops/lint/series-index.js";
import { seed000, seed001, seed002, seed003 } from "./fixtures/seed-catalogs.js";

function lint(catalog: readonly MetricDefinition[], expression: string) {
  return lintExpression(expression, new SeriesIndex(catalog)).problems;
}

const sound: Record<string, readonly [readonly MetricDefinition[], readonly string[]]> = {
  "000": [
    seed000,
    [
      'trader_exposure_pct{type="at_risk"}',
      "sum(trader_exposure_pct)",
      "trader_open_positions",
      "trader_fill_ratio * 100",
      "rate(trader_fills_total[5m])",
      'trader_fills_total{side="buy"}',
      "topk(5, rate(trader_order_rejections_total[1h]))",
      "rate(trader_circuit_breaker_trips_total[1h])",
      "rate(exchange_api_errors_total[5m])",
      "topk(10, rate(trader_no_trade_total[1h]))",
      'rate(trader_cycle_total{status="success"}[5m])',
      "rate(trader_cycle_duration_seconds_sum[5m]) / rate(trader_cycle_duration_seconds_count[5m])",
      "rate(trader_stage_duration_seconds_sum[5m]) / rate(trader_stage_duration_seconds_count[5m])",
      "trader_circuit_breaker_state > 0",
      "exchange_api_consecutive_errors >= 2",
      "trader_fill_ratio < 0.70",
      'trader_exposure_pct{type="at_risk"} > 30',
    ],
  ],
  "001": [
    seed001,
    [
      "trader_account_value_usd",
      "trader_daily_pnl_pct",
      "trader_exposure_pct > 90",
      "trader_max_drawdown_pct > 15",
      "increase(trader_circuit_breaker_trips_total[5m]) > 0",
      "trader_data_staleness_seconds > 300",
      "rate(trader_api_errors_total[5m]) > 5",
      "histogram_quantile(0.95, rate(trader_cycle_duration_seconds_bucket[1h])) > 45",
    ],
  ],
  "002": [
    seed002,
    [
      "sum(ai_api_cost_usd_total)",
      "rate(ai_api_requests_total[1m])",
      "cache_hit_rate",
      "agent_decisions_total",
      "increase(trades_total[1d])",
      "kill_switch_status == 1",
      "timescale_connection_status == 0 or redis_connection_status == 0",
      "rate(constitution_violations_total[1h])",
    ],
  ],
  "003": [
    seed003,
    [
      "rate(data_ticks_received_total[1m])",
      "strategy_pnl_total_usd",
      'strategy_kill_switch_active{switch_type="pnl"}',
      "rate(data_validation_errors_total[1m])",
      "rate(data_validation_errors_total[5m]) > 10",
      "strategy_kill_switch_active > 0",
    ],
  ],
};

describe("the seeds' sound queries", () => {
  for (const [seed, [catalog, queries]] of Object.entries(sound)) {
    for (const query of queries) {
      it(`seed ${seed}: ${query} passes`, () => {
        expect(lint(catalog, query)).toEqual([]);
      });
    }
  }
});

describe("the seeds' broken queries", () => {
  it("seed 000: histogram_quantile over trader_cycle_duration_seconds, which it declares as a Summary", () => {
    const problems = lint(
      seed000,
      "histogram_quantile(0.95, rate(trader_cycle_duration_seconds_bucket[5m]))",
    );
    expect(problems.map((problem) => problem.code)).toEqual(["summary-has-no-buckets"]);
    expect(problems[0]?.message).toMatch(/trader_cycle_duration_seconds is declared as a summary/);
    expect(problems[0]?.message).toMatch(/no _bucket series/);
  });

  it("seed 000: ExcessiveNoTrade compares no-trade reasons with cycle statuses label by label", () => {
    const problems = lint(
      seed000,
      "rate(trader_no_trade_total[5m]) > rate(trader_cycle_total[5m]) * 0.8",
    );
    expect(problems.map((problem) => problem.code)).toEqual(["vector-matching-mismatch"]);
    expect(problems[0]?.message).toMatch(/only left: reason; only right: status/);
  });

  it("seed 001: the win rate selects an `outcome` label that no metric has", () => {
    const problems = lint(
      seed001,
      'sum(rate(trader_trades_total{outcome="win"}[24h])) / sum(rate(trader_trades_total[24h]))',
    );
    expect(problems.map((problem) => problem.code)).toEqual(["unknown-label"]);
    expect(problems[0]?.message).toMatch(
      /Label "outcome" does not exist on trader_trades_total \(its labels: side, symbol\)/,
    );
  });

  it("seed 001's slow-cycle alert is rejected against seed 000, which declares the metric a Summary", () => {
    const problems = lint(
      seed000,
      "histogram_quantile(0.95, rate(trader_cycle_duration_seconds_bucket[1h])) > 45",
    );
    expect(problems.map((problem) => problem.code)).toEqual(["summary-has-no-buckets"]);
  });

  it("seed 002: histogram_quantile over raw _bucket counters, without rate()", () => {
    const problems = lint(seed002, "histogram_quantile(0.95, ai_api_latency_seconds_bucket)");
    expect(problems.map((problem) => problem.code)).toEqual(["histogram-quantile-without-rate"]);
    expect(problems[0]?.message).toMatch(
      /wrap them in rate\(ai_api_latency_seconds_bucket\[5m\]\)/,
    );
  });

  it("seed 002: a panel selects the histogram family name, which is not a series", () => {
    const problems = lint(seed002, "feature_store_query_latency_seconds");
    expect(problems.map((problem) => problem.code)).toEqual(["histogram-family-selected"]);
  });

  it("seed 003: histogram_quantile(...) by (symbol): by on a function, not an aggregation", () => {
    const problems = lint(
      seed003,
      "histogram_quantile(0.95, rate(orders_total_fill_latency_seconds_bucket[5m])) by (symbol)",
    );
    expect(problems.map((problem) => problem.code)).toEqual(["grouping-on-function"]);
    expect(problems[0]?.message).toMatch(/by\/without modify aggregation operators/);
  });

  it("seed 003: even written correctly, fill latency has no symbol label to group by", () => {
    const problems = lint(
      seed003,
      "histogram_quantile(0.95, sum by (le, symbol) (rate(orders_total_fill_latency_seconds_bucket[5m])))",
    );
    expect(problems.map((problem) => problem.code)).toEqual(["unknown-grouping-label"]);
    expect(problems[0]?.message).toMatch(/label "symbol" does not exist/);
  });
});
