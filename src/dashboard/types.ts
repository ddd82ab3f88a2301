/** @module Shared types of the embedded dashboard: options, the panel state and the wire messages. */

/**
 * A number as the page receives it. Finite numbers travel as numbers; `null` means no data
 * (no series, or no sample yet); NaN and infinities travel as the strings Prometheus prints,
 * so the page can show them as such instead of a misleading zero.
 */
export type WireNumber = number | null | "NaN" | "+Inf" | "-Inf";

/** The time ranges the page offers, each served by its own history tier. */
export type RangeName = "5m" | "1h" | "6h";

/** How a stored series is folded into a coarser tier. */
export type DownsampleMode =
  /** Gauges: the mean of the finite samples in the step. */
  | "mean"
  /** Counters: the last value in the step (rates and increases come from differences). */
  | "last"
  /** States (breaker open, staleness): the worst value in the step, so a blip is not lost. */
  | "max";

/** One derived value of one sample, stored in the history under `key`. */
export interface SeriesSample {
  readonly key: string;
  readonly value: number;
  readonly mode: DownsampleMode;
}

/** One row of chart data: the time in seconds and each series' value at it. */
export interface ChartRow {
  /** Unix time in seconds. */
  readonly t: number;
  readonly values: Readonly<Record<string, WireNumber>>;
}

/** The stored history of one range, ready to chart: counters already turned into rates. */
export interface RangeHistory {
  readonly range: RangeName;
  /** Seconds between points. */
  readonly stepSeconds: number;
  /** Width of the window rates are taken over, in seconds. */
  readonly rateWindowSeconds: number;
  /** Unix times in seconds, oldest first. */
  readonly times: readonly number[];
  /** Values aligned with `times`; counters (`last` mode) as per-minute rates. */
  readonly series: Readonly<Record<string, readonly WireNumber[]>>;
}

/** A circuit breaker or kill switch as the page shows it. */
export interface SwitchState {
  readonly name: string;
  /** 1 open / active, 0 closed, null when the series does not exist yet. */
  readonly value: WireNumber;
  /** Trips or triggers since start, when the metric has them. */
  readonly count: WireNumber;
}

/** One reason with its count since start and its increase over each range. */
export interface ReasonCount {
  readonly source: string;
  readonly reason: string;
  readonly total: WireNumber;
  readonly increase: Readonly<Record<RangeName, WireNumber>>;
}

/** p50 / p95 of one histogram group (a stage, a source, the whole cycle). */
export interface QuantilePair {
  readonly name: string;
  readonly p50: WireNumber;
  readonly p95: WireNumber;
  /** Observations in the window the quantiles were taken over. */
  readonly observations: number;
}

/** One market data feed (a symbol) as the page lists it: from the bus and the registry (the bot's feed monitor keeps its own FeedState). */
export interface FeedRow {
  readonly symbol: string;
  readonly source: string | null;
  /** Seconds of wall time since the last bar or tick arrived; null before the first one. */
  readonly secondsSinceUpdate: number | null;
  /** True after the bot reported the feed stale and before it recovered. */
  readonly stale: boolean;
  /** Completeness over the bot's window (0-1) from the registry, if recorded. */
  readonly completeness: WireNumber;
}

/** One fill, from the bus. */
export interface TradeRow {
  /** Wall time in ms at which the dashboard saw the fill. */
  readonly seenAt: number;
  /** The bot clock's time of the fill, ms (simulated time on the simulated market). */
  readonly timestamp: number;
  readonly strategy: string;
  readonly symbol: string;
  readonly side: string;
  readonly quantity: number;
  readonly price: number;
  readonly notional: number;
  readonly fee: number;
  readonly partial: boolean;
  readonly liquidity: string;
  readonly slippageBps: number;
}

/** The performance statistics of one strategy (or `portfolio`), from analytics' gauges. */
export interface PerformanceRow {
  readonly strategy: string;
  readonly values: Readonly<Record<string, WireNumber>>;
}

/** Everything the page's panels show at one moment, derived from one registry sample. */
export interface DashboardState {
  /** Unix time in ms of the registry sample. */
  readonly sampledAt: number;
  /** Sample sequence number since the dashboard started. */
  readonly sequence: number;
  /** Headline figures by key (nav, daily_pnl, fill_ratio, ...). */
  readonly stats: Readonly<Record<string, WireNumber>>;
  /** Counter totals by key (`placed:buy`, `filled:sell`, `cycles:success`, ...). */
  readonly totals: Readonly<Record<string, WireNumber>>;
  readonly breakers: readonly SwitchState[];
  readonly killSwitches: readonly SwitchState[];
  readonly rejections: readonly ReasonCount[];
  readonly noTradeReasons: readonly ReasonCount[];
  readonly apiErrors: readonly ReasonCount[];
  readonly cycle: QuantilePair;
  readonly api: QuantilePair;
  readonly stages: readonly QuantilePair[];
  readonly dataFreshness: readonly QuantilePair[];
  readonly staleness: readonly { readonly dataType: string; readonly seconds: WireNumber }[];
  readonly feeds: readonly FeedRow[];
  readonly trades: readonly TradeRow[];
  readonly performance: readonly PerformanceRow[];
  /** The bot's lifecycle state from the bus, if it published one. */
  readonly botState: string | null;
  /** Window, in seconds, of the p50/p95 figures. */
  readonly quantileWindowSeconds: number;
}

/** What the live stream sends after each sample. */
export interface StreamMessage {
  readonly state: DashboardState;
  /** The newest chart row of each range whose tier gained a point with this sample. */
  readonly points: Readonly<Partial<Record<RangeName, ChartRow>>>;
}
