import { describe, expect, it } from "vitest";
import { catalog } from "../../src/catalog/catalog.js";
import { fullMetricName } from "../../src/catalog/namespace.js";
import type { MetricDefinition } from "../../src/catalog/types.js";
import { Registry } from "../../src/metrics/index.js";
import { LiveRecorder } from "../../src/recorder/live/live-recorder.js";
import type { TradingRecorder } from "../../src/recorder/trading-recorder.js";
import { checkMetrics } from "../support/promtool.js";
import { recordEverything } from "./record-everything.js";

/** Parses Prometheus text into series (`name{a="x",b="y"}`, labels as exposed) and values. */
function parseSamples(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const cut = line.lastIndexOf(" ");
    samples.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return samples;
}

const CONST = 'bot="paper-btc",environment="paper",plane="all"';

/** Returns the exposed series name for a metric with these labels (constant labels first). */
function series(key: string, labels = "", suffix = ""): string {
  const definition = catalog.find((metric) => metric.key === key)!;
  const name = `${fullMetricName(definition.name)}${suffix}`;
  return `${name}{${CONST}${labels === "" ? "" : `,${labels}`}}`;
}

/** Wraps a recorder so the test can tell which methods it called. */
function tracked(recorder: TradingRecorder): { recorder: TradingRecorder; called: Set<string> } {
  const called = new Set<string>();
  const proxy = new Proxy(recorder, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value === "function" && typeof property === "string") {
        called.add(property);
        return value.bind(target);
      }
      return value;
    },
  });
  return { recorder: proxy, called };
}

describe("a scrape after recording through every recorder method", async () => {
  const registry = new Registry();
  const live = new LiveRecorder({
    registry,
    constLabels: { bot: "paper-btc", environment: "paper", plane: "all" },
    symbols: ["BTC/USDT", "ETH/USDT"],
    version: "0.1.0",
  });
  const { recorder, called } = tracked(live);
  await recordEverything(recorder);
  const text = await registry.metrics();
  const samples = parseSamples(text);

  it("called every method of the recorder", () => {
    const methods = Object.getOwnPropertyNames(LiveRecorder.prototype).filter(
      (name) => !["constructor", "metric", "metricOfType"].includes(name),
    );
    expect(methods.filter((name) => !called.has(name))).toEqual([]);
  });

  it("contains every catalog metric under its full name and type", () => {
    for (const metric of catalog as readonly MetricDefinition[]) {
      const name = fullMetricName(metric.name);
      expect(text, name).toContain(`# TYPE ${name} ${metric.type}\n`);
      expect(text, name).toContain(`# HELP ${name} ${metric.help}\n`);
    }
  });

  it("has a sample carrying the recorded value for every catalog metric", () => {
    const recorded = new Map<string, readonly [string, number]>([
      ["ticks_received", [series("ticks_received", 'source="simulated",symbol="BTC/USDT"'), 3]],
      ["data_freshness", [series("data_freshness", 'source="simulated"', "_count"), 3]],
      ["completeness_score", [series("completeness_score", 'symbol="BTC/USDT"'), 0.95]],
      ["cycles", [series("cycles", 'status="success"'), 1]],
      ["cycle_duration", [series("cycle_duration", "", "_count"), 3]],
      ["cycle_stage_duration", [series("cycle_stage_duration", 'stage="risk"', "_sum"), 0.003]],
      ["cycle_proposals", [series("cycle_proposals", 'status="approved"'), 3]],
      ["no_trade_cycles", [series("no_trade_cycles", 'reason="risk_blocked"'), 1]],
      ["last_cycle_timestamp", [series("last_cycle_timestamp"), Number.NaN]],
      ["account_value", [series("account_value"), 10_250]],
      ["cash", [series("cash"), 8_000]],
      ["exposure", [series("exposure", 'type="at_risk"'), 0.185]],
      ["open_positions", [series("open_positions"), 3]],
      ["pending_orders", [series("pending_orders"), 2]],
      ["position_value", [series("position_value", 'symbol="BTC/USDT"'), 1850]],
      ["daily_pnl", [series("daily_pnl"), 125.5]],
      ["monthly_pnl", [series("monthly_pnl"), 410]],
      ["total_pnl", [series("total_pnl"), 250]],
      ["daily_return", [series("daily_return"), 0.0124]],
      ["total_return", [series("total_return"), 0.025]],
      ["drawdown", [series("drawdown"), 0.01]],
      ["max_drawdown", [series("max_drawdown"), 0.035]],
      ["order_intents", [series("order_intents", 'strategy="momentum"'), 1]],
      ["orders_placed", [series("orders_placed", 'side="buy",symbol="BTC/USDT"'), 1]],
      ["orders_placed_notional", [series("orders_placed_notional", 'side="buy"'), 250]],
      ["orders_filled", [series("orders_filled", 'side="sell",symbol="ETH/USDT"'), 2]],
      ["orders_canceled", [series("orders_canceled", 'symbol="BTC/USDT"'), 1]],
      ["orders_rejected", [series("orders_rejected", 'reason="size_constraint"'), 1]],
      ["fill_ratio", [series("fill_ratio"), 6 / 7]],
      ["trades", [series("trades", 'side="buy",symbol="BTC/USDT"'), 1]],
      ["traded_notional", [series("traded_notional", 'side="buy"'), 190]],
      ["positions_closed", [series("positions_closed", 'outcome="win"'), 1]],
      ["slippage", [series("slippage", 'side="buy",le="0.0005"', "_bucket"), 1]],
      ["commission", [series("commission"), 0.19]],
      ["order_intent_to_submit", [series("order_intent_to_submit", "", "_sum"), 0.002]],
      ["order_submit_to_ack", [series("order_submit_to_ack", "", "_sum"), 0.05]],
      ["order_ack_to_fill", [series("order_ack_to_fill", "", "_sum"), 0.5]],
      ["order_intent_to_fill", [series("order_intent_to_fill", "", "_sum"), 0.552]],
      ["pov_downscales", [series("pov_downscales"), 1]],
      ["risk_rejections", [series("risk_rejections", 'reason="exposure_cap"'), 1]],
      ["circuit_breaker_state", [series("circuit_breaker_state", 'breaker="api_health"'), 1]],
      ["circuit_breaker_trips", [series("circuit_breaker_trips", 'breaker="kill_switch"'), 1]],
      [
        "kill_switch_active",
        [series("kill_switch_active", 'switch_type="drawdown",source="max_drawdown"'), 1],
      ],
      [
        "kill_switch_triggers",
        [series("kill_switch_triggers", 'switch_type="drawdown",source="max_drawdown"'), 1],
      ],
      [
        "constitution_checks",
        [series("constitution_checks", 'rule="conviction_threshold_buy",result="fail"'), 1],
      ],
      [
        "constitution_violations",
        [series("constitution_violations", 'rule="conviction_threshold_buy"'), 1],
      ],
      ["exchange_api_requests", [series("exchange_api_requests", 'endpoint="fetch_ticker"'), 1]],
      [
        "exchange_api_errors",
        [series("exchange_api_errors", 'endpoint="cancel_order",error_type="server_error"'), 1],
      ],
      ["exchange_api_consecutive_errors", [series("exchange_api_consecutive_errors"), 1]],
      [
        "exchange_api_latency",
        [series("exchange_api_latency", 'endpoint="fetch_ticker"', "_sum"), 0.12],
      ],
      ["rate_limit_utilization", [series("rate_limit_utilization"), 0.42]],
      ["rate_limit_violations", [series("rate_limit_violations"), 2]],
      [
        "bars_received",
        [series("bars_received", 'source="simulated",symbol="BTC/USDT",timeframe="1m"'), 1],
      ],
      [
        "order_flow_imbalance_events",
        [series("order_flow_imbalance_events", 'symbol="BTC/USDT"'), 1],
      ],
      ["data_staleness", [series("data_staleness", 'data_type="ticker"'), 2.5]],
      [
        "validation_errors",
        [series("validation_errors", 'source="simulated",error_type="out_of_order"'), 1],
      ],
      ["clock_drift_rejections", [series("clock_drift_rejections", 'source="simulated"'), 1]],
      ["normalization_errors", [series("normalization_errors", 'source="simulated"'), 1]],
      ["dead_letter_messages", [series("dead_letter_messages", 'source="simulated"'), 1]],
      ["storage_writes", [series("storage_writes", 'outcome="success"'), 1]],
      ["storage_write_duration", [series("storage_write_duration", "", "_sum"), 0.004]],
      ["provider_requests", [series("provider_requests", 'provider="news_api"'), 2]],
      [
        "provider_request_duration",
        [series("provider_request_duration", 'provider="news_api"', "_sum"), 0.4],
      ],
      [
        "provider_errors",
        [series("provider_errors", 'provider="news_api",error_type="rate_limit"'), 1],
      ],
      ["provider_rate_limit_hits", [series("provider_rate_limit_hits", 'provider="news_api"'), 1]],
      [
        "provider_cache_hit_ratio",
        [series("provider_cache_hit_ratio", 'provider="news_api"'), 0.8],
      ],
      ["provider_data_age", [series("provider_data_age", 'provider="news_api"'), 60]],
      ["signals", [series("signals", 'strategy="momentum",direction="buy"'), 1]],
      ["signal_strength", [series("signal_strength", 'strategy="momentum"', "_sum"), 0.72]],
      ["gross_exposure", [series("gross_exposure", 'strategy="momentum"'), 5_000]],
      ["net_exposure", [series("net_exposure", 'strategy="momentum"'), 1_200]],
      ["strategy_pnl", [series("strategy_pnl", 'strategy="momentum",type="unrealized"'), -45]],
      ["regime", [series("regime", 'regime="storm"'), 1]],
      [
        "regime_transitions",
        [series("regime_transitions", 'from_regime="calm",to_regime="storm"'), 1],
      ],
      [
        "strategy_evaluation_duration",
        [series("strategy_evaluation_duration", 'strategy="momentum"', "_count"), 2],
      ],
      [
        "signal_generation_duration",
        [series("signal_generation_duration", 'strategy="momentum"', "_sum"), 0.0008],
      ],
      ["decision_duration", [series("decision_duration", 'strategy="momentum"', "_sum"), 0.0004]],
      ["ai_analyses", [series("ai_analyses"), 1]],
      ["ai_decisions", [series("ai_decisions", 'symbol="BTC/USDT",action="buy"'), 1]],
      [
        "ai_requests",
        [series("ai_requests", 'model="claude-3-haiku-20240307",outcome="error"'), 1],
      ],
      ["ai_cost", [series("ai_cost", 'model="claude-3-haiku-20240307"'), 0.0021]],
      [
        "ai_request_duration",
        [series("ai_request_duration", 'model="claude-3-haiku-20240307"', "_count"), 2],
      ],
      ["ai_conviction", [series("ai_conviction", "", "_sum"), 0.81]],
      [
        "ai_tokens",
        [series("ai_tokens", 'model="claude-3-haiku-20240307",direction="input"'), 120],
      ],
      [
        "sentiment_calculation_duration",
        [series("sentiment_calculation_duration", "", "_sum"), 0.002],
      ],
      ["sentiment_provider_uses", [series("sentiment_provider_uses", 'provider="reddit"'), 1]],
      ["sentiment_aggregate", [series("sentiment_aggregate", "", "_sum"), 0.3]],
      ["sentiment_current", [series("sentiment_current", 'symbol="BTC/USDT"'), 0.3]],
      ["sentiment_divergences", [series("sentiment_divergences", 'symbol="BTC/USDT"'), 1]],
      [
        "sentiment_provider_weight",
        [series("sentiment_provider_weight", 'provider="reddit"'), 0.6],
      ],
      ["exceptions", [series("exceptions", 'component="data",error_type="timeout"'), 1]],
      [
        "order_symbol_fill_duration",
        [series("order_symbol_fill_duration", 'symbol="BTC/USDT"', "_sum"), 0.8],
      ],
      [
        "ai_request_errors",
        [series("ai_request_errors", 'model="claude-3-haiku-20240307",error_type="rate_limit"'), 1],
      ],
      ["cache_hits", [series("cache_hits", 'layer="l1"'), 1]],
      ["cache_misses", [series("cache_misses"), 1]],
      ["cache_hit_ratio", [series("cache_hit_ratio"), 0.95]],
      [
        "cache_operation_duration",
        [series("cache_operation_duration", 'layer="l1",operation="get"', "_sum"), 0.0004],
      ],
      [
        "feature_calculation_duration",
        [series("feature_calculation_duration", 'feature="mom_20d"', "_count"), 1],
      ],
      ["feature_store_query_duration", [series("feature_store_query_duration", "", "_sum"), 0.012]],
      ["uptime", [series("uptime"), Number.NaN]],
      [
        "build_info",
        [series("build_info", `version="0.1.0",node_version="${process.version}"`), 1],
      ],
      ["database_connection_up", [series("database_connection_up", 'database="redis"'), 0]],
      [
        "database_query_duration",
        [series("database_query_duration", 'database="sqlite",query_type="write"', "_sum"), 0.0015],
      ],
      ["database_pool_usage", [series("database_pool_usage", 'database="postgres"'), 0.25]],
      ["errors", [series("errors", 'component="execution",severity="critical"'), 1]],
      [
        "http_requests",
        [series("http_requests", 'method="GET",route="/metrics",status_class="2xx"'), 1],
      ],
      [
        "http_request_duration",
        [
          series(
            "http_request_duration",
            'method="GET",route="/metrics",status_class="2xx"',
            "_sum",
          ),
          0.004,
        ],
      ],
      [
        "http_request_size",
        [series("http_request_size", 'method="GET",route="/metrics"', "_sum"), 0],
      ],
      [
        "http_response_size",
        [series("http_response_size", 'method="GET",route="/metrics"', "_sum"), 48_000],
      ],
      ["http_requests_in_flight", [series("http_requests_in_flight"), 1]],
      ["win_ratio", [series("win_ratio", 'strategy="portfolio"'), 0.55]],
      ["profit_factor", [series("profit_factor", 'strategy="portfolio"'), 1.4]],
      ["sharpe_ratio", [series("sharpe_ratio", 'strategy="portfolio"'), 1.1]],
      [
        "performance_max_drawdown",
        [series("performance_max_drawdown", 'strategy="portfolio"'), 0.08],
      ],
      ["average_win", [series("average_win", 'strategy="portfolio"'), 42]],
      ["average_loss", [series("average_loss", 'strategy="portfolio"'), -30]],
      ["win_streak", [series("win_streak", 'strategy="portfolio"'), 3]],
      ["loss_streak", [series("loss_streak", 'strategy="portfolio"'), 0]],
    ]);
    expect(catalog.map((metric) => metric.key).filter((key) => !recorded.has(key))).toEqual([]);
    for (const [key, [name, value]] of recorded) {
      expect(samples.has(name), `${key}: ${name}`).toBe(true);
      if (!Number.isNaN(value)) expect(samples.get(name), `${key}: ${name}`).toBeCloseTo(value, 9);
    }
    expect(samples.get(series("last_cycle_timestamp"))).toBeGreaterThanOrEqual(1_763_700_000);
    expect(samples.get(series("uptime"))).toBeGreaterThanOrEqual(3_600);
  });

  it("passes promtool check metrics with no warnings and no errors", async () => {
    const result = await checkMetrics(text);
    expect(result.problems).toEqual([]);
    expect(result.exitCode).toBe(0);
  });
});
