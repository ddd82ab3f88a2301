/** @module Turns one registry sample (plus bus activity) into the panel state and history points. */
import type { CounterName, GaugeName, LabelNameOf, MetricName } from "../../catalog/catalog.js";
import { breakers, killSwitchTypes } from "../../catalog/label-values.js";
import type { Registry } from "../../metrics/index.js";
import type { BusActivity } from "../events/bus-activity.js";
import type { MetricHistory } from "../history/metric-history.js";
import type {
  DashboardState,
  FeedRow,
  PerformanceRow,
  QuantilePair,
  RangeName,
  ReasonCount,
  SeriesSample,
  SwitchState,
  WireNumber,
} from "../types.js";
import { toWire } from "../wire-number.js";
import { type CumulativeBucket, histogramQuantile } from "./histogram-quantile.js";
import {
  type Aggregation,
  type LabelMatch,
  MetricSnapshot,
  type ValueName,
} from "./metric-snapshot.js";
import { WindowedHistogram } from "./windowed-histogram.js";

/** Options of {@link DashboardSampler}. */
export interface DashboardSamplerOptions {
  readonly registry: Registry;
  /** Metric name prefix the recorder used. */
  readonly namespace: string;
  readonly history: MetricHistory;
  readonly activity?: BusActivity | undefined;
  /** Window of the p50/p95 figures, ms. Default 60 000. */
  readonly quantileWindowMs?: number | undefined;
  /** Wall clock in ms. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/**
 * A headline figure: where it comes from and how it is kept in the history. The metric is a
 * catalog name and the match its labels, checked against the catalog's declarations.
 */
interface StatDefinition<N extends ValueName = ValueName> {
  readonly key: string;
  readonly metric: N;
  readonly match?: LabelMatch<N>;
  readonly aggregation: Aggregation;
  /** Kept in the history (charted) with this fold, or not kept. */
  readonly history?: "mean" | "max";
  /**
   * Set by the bot's cycle: until a cycle has completed, a zero is the gauge's initial value,
   * which the page shows as "no data yet" rather than a $0 account. A value set without
   * cycles (a bot that records through the recorder directly) shows as it is.
   */
  readonly afterFirstCycle?: boolean;
}

/** Declares a headline figure, checking its match against the metric's declared labels. */
function stat<N extends ValueName>(definition: StatDefinition<N>): StatDefinition {
  return definition as StatDefinition;
}

/** Gauges that have a `strategy` label. */
type PerStrategy = {
  [N in GaugeName]: "strategy" extends LabelNameOf<N> ? N : never;
}[GaugeName];

/**
 * The headline figures. Additive quantities (money, counts) sum over matching series;
 * ratios and states take the maximum, so several series never add up to a meaningless ratio.
 */
const stats: readonly StatDefinition[] = [
  stat({
    key: "nav",
    metric: "portfolio_value_usd",
    aggregation: "sum",
    history: "mean",
    afterFirstCycle: true,
  }),
  stat({
    key: "cash",
    metric: "portfolio_cash_usd",
    aggregation: "sum",
    history: "mean",
    afterFirstCycle: true,
  }),
  stat({
    key: "daily_pnl",
    metric: "portfolio_daily_pnl_usd",
    aggregation: "sum",
    history: "mean",
    afterFirstCycle: true,
  }),
  stat({
    key: "daily_return",
    metric: "portfolio_daily_return_ratio",
    aggregation: "max",
    afterFirstCycle: true,
  }),
  stat({
    key: "total_return",
    metric: "portfolio_total_return_ratio",
    aggregation: "max",
    afterFirstCycle: true,
  }),
  stat({
    key: "drawdown",
    metric: "portfolio_drawdown_ratio",
    aggregation: "max",
    history: "mean",
    afterFirstCycle: true,
  }),
  stat({
    key: "max_drawdown",
    metric: "portfolio_max_drawdown_ratio",
    aggregation: "max",
    afterFirstCycle: true,
  }),
  stat({
    key: "exposure_at_risk",
    metric: "portfolio_exposure_ratio",
    match: { type: "at_risk" },
    aggregation: "max",
    history: "mean",
    afterFirstCycle: true,
  }),
  stat({
    key: "exposure_pending",
    metric: "portfolio_exposure_ratio",
    match: { type: "pending" },
    aggregation: "max",
    history: "mean",
    afterFirstCycle: true,
  }),
  stat({
    key: "open_positions",
    metric: "portfolio_open_positions",
    aggregation: "sum",
    history: "mean",
    afterFirstCycle: true,
  }),
  stat({
    key: "pending_orders",
    metric: "portfolio_pending_orders",
    aggregation: "sum",
    history: "mean",
    afterFirstCycle: true,
  }),
  stat({
    key: "fill_ratio",
    metric: "order_fill_ratio",
    aggregation: "max",
    history: "mean",
    afterFirstCycle: true,
  }),
  stat({
    key: "api_consecutive_errors",
    metric: "exchange_api_consecutive_errors",
    aggregation: "max",
    history: "max",
  }),
  stat({
    key: "rate_limit_utilization",
    metric: "exchange_rate_limit_utilization_ratio",
    aggregation: "max",
  }),
  stat({
    key: "last_cycle_at",
    metric: "cycle_last_completed_timestamp_seconds",
    aggregation: "max",
  }),
];

/** A counter total split by one of the counter's labels, kept in the history as `prefix:value`. */
interface SplitCounter<N extends CounterName = CounterName> {
  readonly prefix: string;
  readonly metric: N;
  readonly label: LabelNameOf<N>;
}

/** Declares a split counter, checking the label against the counter's declared labels. */
function splitCounter<N extends CounterName>(
  prefix: string,
  metric: N,
  label: LabelNameOf<N>,
): SplitCounter {
  return { prefix, metric, label } as SplitCounter;
}

const splitCounters: readonly SplitCounter[] = [
  splitCounter("placed", "orders_placed_total", "side"),
  splitCounter("filled", "orders_filled_total", "side"),
  splitCounter("trades", "trades_total", "side"),
  splitCounter("cycles", "cycles_total", "status"),
  splitCounter("rejected", "orders_rejected_total", "reason"),
  splitCounter("risk_rejected", "risk_rejections_total", "reason"),
  splitCounter("no_trade", "no_trade_cycles_total", "reason"),
  splitCounter("api_errors", "exchange_api_errors_total", "error_type"),
];

/** The performance gauges analytics fills in (each by strategy), by the key the page shows them under. */
const performanceMetrics: readonly { key: string; metric: PerStrategy }[] = [
  { key: "win_ratio", metric: "performance_win_ratio" },
  { key: "profit_factor", metric: "performance_profit_factor" },
  { key: "sharpe_ratio", metric: "performance_sharpe_ratio" },
  { key: "max_drawdown", metric: "performance_max_drawdown_ratio" },
  { key: "average_win", metric: "performance_average_win_usd" },
  { key: "average_loss", metric: "performance_average_loss_usd" },
  { key: "win_streak", metric: "performance_win_streak" },
  { key: "loss_streak", metric: "performance_loss_streak" },
];

/** Every metric the page reads (catalog names); only these are collected each second. */
const sampledMetrics: readonly MetricName[] = [
  ...stats.map((stat) => stat.metric),
  ...splitCounters.map((counter) => counter.metric),
  ...performanceMetrics.map((performance) => performance.metric),
  "exchange_api_requests_total",
  "circuit_breaker_open",
  "circuit_breaker_trips_total",
  "kill_switch_active",
  "kill_switch_triggers_total",
  "cycle_duration_seconds",
  "cycle_stage_duration_seconds",
  "exchange_api_request_duration_seconds",
  "data_freshness_seconds",
  "data_staleness_seconds",
  "data_completeness_ratio",
];

/** Histogram groups tracked at most (stages, sources...), to bound memory. */
const maxHistogramGroups = 64;

/**
 * Samples the registry once per call (each shown metric's `get()`: the objects `/metrics`
 * renders) and derives everything the page shows: headline figures, counter totals,
 * breaker and kill switch states, reasons with their increase per range, p50/p95 of the
 * cycle, its stages, exchange API calls and data freshness over the quantile window (as
 * `histogram_quantile(q, sum by (le) (rate(x_bucket[1m])))`), and from the bus the recent
 * fills and feed activity. Records the chartable values in the history.
 */
export class DashboardSampler {
  readonly #registry: Registry;
  readonly #namespace: string;
  readonly #history: MetricHistory;
  readonly #activity: BusActivity | undefined;
  readonly #quantileWindowMs: number;
  readonly #now: () => number;
  readonly #histograms = new Map<string, WindowedHistogram>();
  #sequence = 0;
  #lastCycleCount: number | undefined;
  #lastCycleSeenAt = Number.NaN;

  constructor(options: DashboardSamplerOptions) {
    this.#registry = options.registry;
    this.#namespace = options.namespace;
    this.#history = options.history;
    this.#activity = options.activity;
    this.#quantileWindowMs = options.quantileWindowMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** Takes one sample; returns the panel state and the ranges whose history gained a point. */
  async sample(): Promise<{ state: DashboardState; grown: RangeName[] }> {
    const snapshot = await MetricSnapshot.read(this.#registry, this.#namespace, sampledMetrics);
    const sampledAt = this.#now();
    const samples: SeriesSample[] = [];

    const cyclesCompleted = snapshot.value("cycles_total");
    const cycled = cyclesCompleted !== undefined && cyclesCompleted > 0;
    const statValues: Record<string, WireNumber> = { cycles_completed: toWire(cyclesCompleted) };
    for (const stat of stats) {
      const read = snapshot.value(stat.metric, stat.match, stat.aggregation);
      const value = stat.afterFirstCycle === true && !cycled && read === 0 ? undefined : read;
      statValues[stat.key] = toWire(value);
      if (stat.history !== undefined && value !== undefined) {
        samples.push({ key: stat.key, value, mode: stat.history });
      }
    }
    // The bot stamps cycles with its own clock (simulated time on the simulated market), so
    // the age of the last cycle is measured in wall time: since the cycle count last grew.
    if (cyclesCompleted !== undefined && cyclesCompleted !== this.#lastCycleCount) {
      if (cyclesCompleted > 0) this.#lastCycleSeenAt = sampledAt;
      this.#lastCycleCount = cyclesCompleted;
    }
    statValues.seconds_since_cycle = Number.isNaN(this.#lastCycleSeenAt)
      ? null
      : (sampledAt - this.#lastCycleSeenAt) / 1000;

    const totals: Record<string, WireNumber> = {};
    const counterKeys: Record<string, string[]> = {};
    for (const counter of splitCounters) {
      const keys: string[] = [];
      for (const [value, total] of snapshot.valuesBy(counter.metric, counter.label)) {
        const key = `${counter.prefix}:${value}`;
        keys.push(key);
        totals[key] = toWire(total);
        samples.push({ key, value: total, mode: "last" });
      }
      counterKeys[counter.prefix] = keys;
    }
    const apiRequests = snapshot.value("exchange_api_requests_total");
    totals.api_requests = toWire(apiRequests);
    // An error counter without series after requests were made counts no errors: zero.
    const apiErrors = snapshot.value("exchange_api_errors_total");
    totals.api_errors = toWire(
      apiRequests !== undefined && apiErrors === undefined ? 0 : apiErrors,
    );

    const breakerStates = this.#switches(
      snapshot,
      breakers,
      "circuit_breaker_open",
      "circuit_breaker_trips_total",
      "breaker",
    );
    const killSwitchStates = this.#switches(
      snapshot,
      killSwitchTypes,
      "kill_switch_active",
      "kill_switch_triggers_total",
      "switch_type",
    );
    for (const state of breakerStates) {
      if (typeof state.value === "number") {
        samples.push({ key: `breaker:${state.name}`, value: state.value, mode: "max" });
      }
    }
    for (const state of killSwitchStates) {
      if (typeof state.value === "number") {
        samples.push({ key: `kill_switch:${state.name}`, value: state.value, mode: "max" });
      }
    }

    const cycle = this.#quantiles("cycle", snapshot.buckets("cycle_duration_seconds"), sampledAt);
    const api = this.#quantiles(
      "api",
      snapshot.buckets("exchange_api_request_duration_seconds"),
      sampledAt,
    );
    pushQuantiles(samples, "cycle", cycle);
    pushQuantiles(samples, "api", api);
    statValues.cycle_p50 = cycle.p50;
    statValues.cycle_p95 = cycle.p95;
    statValues.api_p50 = api.p50;
    statValues.api_p95 = api.p95;

    const stages: QuantilePair[] = [];
    for (const [stage, buckets] of snapshot.bucketsBy("cycle_stage_duration_seconds", "stage")) {
      const pair = this.#quantiles(`stage:${stage}`, buckets, sampledAt, stage);
      stages.push(pair);
      pushQuantiles(samples, `stage:${stage}`, pair);
    }
    const dataFreshness: QuantilePair[] = [];
    for (const [source, buckets] of snapshot.bucketsBy("data_freshness_seconds", "source")) {
      const pair = this.#quantiles(`freshness:${source}`, buckets, sampledAt, source);
      dataFreshness.push(pair);
      pushQuantiles(samples, `freshness:${source}`, pair);
    }
    const staleness: { dataType: string; seconds: WireNumber }[] = [];
    for (const [dataType, seconds] of snapshot.valuesBy(
      "data_staleness_seconds",
      "data_type",
      {},
      "max",
    )) {
      staleness.push({ dataType, seconds: toWire(seconds) });
      samples.push({ key: `staleness:${dataType}`, value: seconds, mode: "max" });
    }

    const grown = this.#history.record(sampledAt, samples);

    const state: DashboardState = {
      sampledAt,
      sequence: ++this.#sequence,
      stats: statValues,
      totals,
      breakers: breakerStates,
      killSwitches: killSwitchStates,
      rejections: [
        ...this.#reasons(totals, "exchange", "rejected", counterKeys.rejected ?? []),
        ...this.#reasons(totals, "risk", "risk_rejected", counterKeys.risk_rejected ?? []),
      ],
      noTradeReasons: this.#reasons(totals, "cycle", "no_trade", counterKeys.no_trade ?? []),
      apiErrors: this.#reasons(totals, "exchange", "api_errors", counterKeys.api_errors ?? []),
      cycle,
      api,
      stages: stages.sort((a, b) => a.name.localeCompare(b.name)),
      dataFreshness: dataFreshness.sort((a, b) => a.name.localeCompare(b.name)),
      staleness: staleness.sort((a, b) => a.dataType.localeCompare(b.dataType)),
      feeds: this.#feeds(snapshot, sampledAt),
      trades: this.#activity?.trades() ?? [],
      performance: this.#performance(snapshot),
      botState: this.#activity?.botState ?? null,
      quantileWindowSeconds: this.#quantileWindowMs / 1000,
    };
    return { state, grown };
  }

  #switches<S extends GaugeName, C extends CounterName>(
    snapshot: MetricSnapshot,
    known: readonly string[],
    stateMetric: S,
    countMetric: C,
    label: LabelNameOf<S> & LabelNameOf<C>,
  ): SwitchState[] {
    // The signature checks the label against both metrics; inside, any value metric's label.
    const byLabel = label as LabelNameOf<ValueName>;
    const states = snapshot.valuesBy<ValueName>(stateMetric, byLabel, {}, "max");
    const counts = snapshot.valuesBy<ValueName>(countMetric, byLabel);
    // The series the recorder created; the catalog's full list only while there are none.
    const names = new Set<string>(states.keys());
    if (names.size === 0) for (const name of known) names.add(name);
    return [...names].map((name) => ({
      name,
      value: toWire(states.get(name)),
      count: toWire(counts.get(name)),
    }));
  }

  #reasons(
    totals: Readonly<Record<string, WireNumber>>,
    source: string,
    prefix: string,
    keys: readonly string[],
  ): ReasonCount[] {
    const rows: ReasonCount[] = [];
    for (const key of keys) {
      const reason = key.slice(prefix.length + 1);
      const increase: Record<string, WireNumber> = {};
      for (const range of this.#history.ranges) {
        increase[range] = toWire(this.#history.increase(key, range));
      }
      rows.push({
        source,
        reason,
        total: totals[key] ?? null,
        increase: increase as Record<RangeName, WireNumber>,
      });
    }
    return rows;
  }

  #quantiles(
    group: string,
    buckets: CumulativeBucket[] | undefined,
    sampledAt: number,
    name: string = group,
  ): QuantilePair {
    if (buckets === undefined) return { name, p50: null, p95: null, observations: 0 };
    let tracker = this.#histograms.get(group);
    if (tracker === undefined) {
      if (this.#histograms.size >= maxHistogramGroups) {
        return { name, p50: null, p95: null, observations: 0 };
      }
      tracker = new WindowedHistogram(this.#quantileWindowMs);
      this.#histograms.set(group, tracker);
    }
    const window = tracker.update(sampledAt, buckets);
    const observations = window.length === 0 ? 0 : window[window.length - 1]!.count;
    if (observations === 0) return { name, p50: null, p95: null, observations };
    return {
      name,
      p50: toWire(histogramQuantile(0.5, window)),
      p95: toWire(histogramQuantile(0.95, window)),
      observations,
    };
  }

  #feeds(snapshot: MetricSnapshot, sampledAt: number): FeedRow[] {
    const completeness = snapshot.valuesBy("data_completeness_ratio", "symbol", {}, "max");
    const feeds = new Map<string, FeedRow>();
    for (const feed of this.#activity?.feeds() ?? []) {
      feeds.set(feed.symbol, {
        symbol: feed.symbol,
        source: feed.source,
        secondsSinceUpdate: Number.isNaN(feed.lastUpdateAt)
          ? null
          : (sampledAt - feed.lastUpdateAt) / 1000,
        stale: feed.stale,
        completeness: toWire(completeness.get(feed.symbol)),
      });
    }
    for (const [symbol, ratio] of completeness) {
      if (feeds.has(symbol)) continue;
      feeds.set(symbol, {
        symbol,
        source: null,
        secondsSinceUpdate: null,
        stale: false,
        completeness: toWire(ratio),
      });
    }
    return [...feeds.values()].sort((a, b) => a.symbol.localeCompare(b.symbol));
  }

  #performance(snapshot: MetricSnapshot): PerformanceRow[] {
    const rows = new Map<string, Record<string, WireNumber>>();
    for (const { key, metric } of performanceMetrics) {
      for (const [strategy, value] of snapshot.valuesBy(metric, "strategy", {}, "max")) {
        let row = rows.get(strategy);
        if (row === undefined) {
          row = {};
          rows.set(strategy, row);
        }
        row[key] = toWire(value);
      }
    }
    return [...rows]
      .map(([strategy, values]) => ({ strategy, values }))
      .sort((a, b) =>
        a.strategy === "portfolio"
          ? -1
          : b.strategy === "portfolio"
            ? 1
            : a.strategy.localeCompare(b.strategy),
      );
  }
}

function pushQuantiles(samples: SeriesSample[], prefix: string, pair: QuantilePair): void {
  if (typeof pair.p50 === "number")
    samples.push({ key: `${prefix}:p50`, value: pair.p50, mode: "mean" });
  if (typeof pair.p95 === "number")
    samples.push({ key: `${prefix}:p95`, value: pair.p95, mode: "mean" });
}
