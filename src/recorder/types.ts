/** @module Options of the recorder and the shapes its batch methods take. */

import type {
  CycleStage,
  CycleStatus,
  Database,
  Environment,
  Plane,
} from "../catalog/label-values.js";
import type { Registry } from "../metrics/index.js";

/** Labels fixed for the whole process, added to every series the recorder writes. */
export interface ConstLabels {
  /** Bot instance name (sanitised like a universe value). */
  readonly bot?: string | undefined;
  readonly environment?: Environment | undefined;
  readonly plane?: Plane | undefined;
}

/** The configured universes of universe labels, by universe name (`symbol`, `strategy`, ...). */
export type Universes = Readonly<Partial<Record<string, readonly string[]>>>;

/** How to create a recorder. Every field has a default. */
export interface RecorderOptions {
  /** False returns a recorder whose methods do nothing (the same methods). Default true. */
  readonly enabled?: boolean | undefined;
  /** Registry the metrics register with; default a new one, exposed as `recorder.registry`. */
  readonly registry?: Registry | undefined;
  /** Metric name prefix; default `tradewatch`. `""` for none. */
  readonly namespace?: string | undefined;
  readonly constLabels?: ConstLabels | undefined;
  /** Per-metric series cap passed to the core's cardinality guard; default 10 000. */
  readonly maxSeries?: number | undefined;
  /** The symbol universe; any other symbol is recorded as `other`. Shorthand for `universes.symbol`. */
  readonly symbols?: readonly string[] | undefined;
  /** Other universes (`strategy`, `endpoint`, `source`, `provider`, `model`, `feature`, `rule`, `route`). */
  readonly universes?: Universes | undefined;
  /** The version `build_info` reports; default "unknown". */
  readonly version?: string | undefined;
  /** Milliseconds since the epoch at which the process started (uptime); default now. */
  readonly startTimeMs?: number | undefined;
}

/** One completed trading cycle (seed 001's `update_from_cycle_stats` and seed 000's cycle metrics). */
export interface CycleStats {
  readonly durationSeconds: number;
  readonly status: CycleStatus;
  /** Proposals the strategies made, the risk engine approved, and execution carried out. */
  readonly proposed?: number | undefined;
  readonly approved?: number | undefined;
  readonly executed?: number | undefined;
  /** Stage durations in seconds. */
  readonly stageDurations?: Readonly<Partial<Record<CycleStage, number>>> | undefined;
  /** Free-text reason when the cycle made no trade. */
  readonly noTradeReason?: string | undefined;
  /** Portfolio figures the cycle ended with. */
  readonly portfolio?: PortfolioUpdate | undefined;
  /** Unix time in seconds at which the cycle completed; default now. */
  readonly completedAtSeconds?: number | undefined;
}

/** Portfolio figures, all optional (seed 002's `update_portfolio_metrics`). Ratios are 0-1. */
export interface PortfolioUpdate {
  readonly totalValueUsd?: number | undefined;
  readonly cashUsd?: number | undefined;
  readonly openPositions?: number | undefined;
  readonly pendingOrders?: number | undefined;
  readonly dailyPnlUsd?: number | undefined;
  readonly monthlyPnlUsd?: number | undefined;
  /** Profit and loss since inception. */
  readonly totalPnlUsd?: number | undefined;
  readonly dailyReturnRatio?: number | undefined;
  readonly totalReturnRatio?: number | undefined;
  readonly drawdownRatio?: number | undefined;
  /** Positive fraction; a negative value (seed 002 reports -3.5 %) is taken by magnitude. */
  readonly maxDrawdownRatio?: number | undefined;
  readonly atRiskExposureRatio?: number | undefined;
  readonly pendingExposureRatio?: number | undefined;
}

/** Process and dependency health (seed 002's `update_system_health`). */
export interface SystemHealth {
  readonly uptimeSeconds?: number | undefined;
  /** Connection state by database. */
  readonly databases?: Readonly<Partial<Record<Database, boolean>>> | undefined;
  /** Seed 002's single kill switch, recorded as switch type `manual`. */
  readonly killSwitchActive?: boolean | undefined;
}

/** Timestamps of one order's lifecycle, in milliseconds; legs with both ends are recorded. */
export interface OrderTimestamps {
  readonly intentAtMs?: number | undefined;
  readonly submittedAtMs?: number | undefined;
  readonly acknowledgedAtMs?: number | undefined;
  readonly filledAtMs?: number | undefined;
}

/** One served HTTP request. */
export interface HttpRequestRecord {
  readonly method: string;
  /** The route template (`/api/orders/:id`), never the raw URL. */
  readonly route: string;
  readonly statusCode: number;
  readonly durationSeconds: number;
  readonly requestBytes?: number | undefined;
  readonly responseBytes?: number | undefined;
}

/** Performance statistics of one strategy or of the whole book (`portfolio`). */
export interface PerformanceStats {
  readonly winRatio?: number | undefined;
  readonly profitFactor?: number | undefined;
  readonly sharpeRatio?: number | undefined;
  readonly maxDrawdownRatio?: number | undefined;
  readonly averageWinUsd?: number | undefined;
  readonly averageLossUsd?: number | undefined;
  readonly winStreak?: number | undefined;
  readonly lossStreak?: number | undefined;
}

/** Label values of the generic API (`inc`, `set`, `observe`), by label name. */
export type GenericLabels = Readonly<Record<string, string | number>>;

/** A metric the HTTP middleware counts with labels by name (the instrument layer's `CounterMetric`). */
export interface LabelledCounter {
  inc(labels: GenericLabels, value?: number): void;
}

/** A metric the HTTP middleware observes with labels by name. */
export interface LabelledObserver {
  observe(labels: GenericLabels, value: number): void;
}

/** A gauge the HTTP middleware moves up and down with labels by name. */
export interface LabelledGauge {
  inc(labels: GenericLabels, value?: number): void;
  dec(labels: GenericLabels, value?: number): void;
}

/**
 * The recorder's HTTP metrics in the shape the HTTP middleware records into (instrument's
 * `HttpMetricSet`), so middleware and recorder share one set of series on one registry.
 */
export interface RecorderHttpMetrics {
  readonly requests: LabelledCounter;
  readonly duration: LabelledObserver;
  readonly requestSize: LabelledObserver;
  readonly responseSize: LabelledObserver;
  readonly inFlight: LabelledGauge;
}
