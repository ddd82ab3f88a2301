/** @module The feed monitor: normalises each tick, validates each bar, tracks every symbol's completeness, staleness and order flow, reports incidents. */

import type { ExecutionClient } from "../execution/execution-client.js";
import { formatDuration, type MarketDataSource, type Tick } from "../market/market-data-source.js";
import type { MessageBus } from "../message-bus.js";
import { switchboard } from "../switchboard.js";
import type { Bar, DataErrorType } from "../types.js";
import type { CycleTelemetry } from "./cycle-telemetry.js";
import { DeadLetterQueue } from "./dead-letter-queue.js";
import { OrderFlowWindow } from "./order-flow-window.js";

/** Feed-monitor settings (part of the engine's config). */
export interface FeedMonitorConfig {
  /** A symbol without a bar for this many bar intervals is stale. */
  readonly staleAfterBars: number;
  /** Cycles in the completeness window. */
  readonly completenessWindow: number;
  /** An open this far from the previous close is reported as a gap, in %. */
  readonly gapThresholdPct: number;
  /**
   * A live feed's bar or tick stamped this far in the future, or a replayed tick stamped this
   * far outside its bar, is rejected as clock drift.
   */
  readonly clockDriftToleranceSeconds: number;
  /** Ticks with a signed volume that a symbol's order flow imbalance is measured over. */
  readonly orderFlowWindowTicks: number;
  /** An order flow imbalance beyond this (0-1, either side) is published as an event. */
  readonly orderFlowImbalanceThreshold: number;
  /** Messages the dead-letter queue keeps; older ones are dropped. */
  readonly deadLetterCapacity: number;
  /** Wall-clock milliseconds between bars as they arrive; default the market's bar duration. */
  readonly barIntervalMs: number | undefined;
}

/** What the monitor knows of one symbol's feed. */
interface FeedState {
  /** The symbol's position in the market's symbols (the telemetry's index), or -1. */
  readonly index: number;
  lastBarAt: number;
  lastClose: number;
  lastTimestamp: number;
  stale: boolean;
  staleSince: number;
  /** Per cycle of the completeness window: 2 while the cycle runs and a bar came, then 1 or 0. */
  readonly received: Uint8Array;
  /** Order flow imbalance over the last ticks, created on the first tick with a volume. */
  flow: OrderFlowWindow | undefined;
}

/** A bar the monitor refuses (or, for a gap, reports and keeps). */
interface BarProblem {
  readonly type: DataErrorType;
  readonly message: string;
}

/**
 * Normalises every tick a cycle receives: one with a symbol the market does not list or a price
 * that is not a positive number goes to the {@link deadLetters} queue and is published as
 * `DataNormalizationFailed`; one stamped outside its bar (a replay) or in the future (a live
 * feed) by more than the clock-drift tolerance is rejected as `DataValidationFailed`
 * ("clock_drift"); the signed volumes of the rest feed each symbol's order flow imbalance,
 * published as `OrderFlowImbalanceDetected` when it crosses the threshold.
 * Checks every bar a cycle receives (prices, high/low, order, clock drift, gaps) and publishes
 * what fails as `DataValidationFailed`; hands the accepted bars to the exchange and the bus
 * (`BarReceived`); tracks each symbol's completeness over a window of cycles and its staleness,
 * publishing `DataStale` and `DataRecovered` when a feed goes quiet and comes back, and reporting
 * ticks, bars, and each symbol's completeness and staleness every cycle to the telemetry port.
 */
export class FeedMonitor {
  readonly config: FeedMonitorConfig;
  readonly #bus: MessageBus;
  readonly #market: MarketDataSource;
  readonly #exchange: ExecutionClient;
  readonly #feeds = new Map<string, FeedState>();
  readonly #duration: string;
  /** The market's symbols: a tick naming another cannot be normalised. */
  readonly #listed: ReadonlySet<string>;
  /** The market messages that could not be normalised, newest last. */
  readonly deadLetters: DeadLetterQueue;

  constructor(
    parts: {
      readonly bus: MessageBus;
      readonly market: MarketDataSource;
      readonly exchange: ExecutionClient;
    },
    config: FeedMonitorConfig,
  ) {
    this.config = config;
    this.#bus = parts.bus;
    this.#market = parts.market;
    this.#exchange = parts.exchange;
    this.#duration = formatDuration(parts.market.barSeconds);
    this.deadLetters = new DeadLetterQueue(config.deadLetterCapacity);
    this.#listed = new Set(parts.market.symbols);
  }

  /** The bar duration as a timeframe ("1m"), as `BarReceived` carries it. */
  get duration(): string {
    return this.#duration;
  }

  /** Forgets every feed and empties the dead-letter queue. */
  reset(): void {
    this.#feeds.clear();
    this.deadLetters.clear();
  }

  /**
   * Runs the data stage of cycle `cycle` at operational time `now`: normalises the ticks and
   * publishes them (when anything listens), validates and publishes the bars, updates every
   * symbol's completeness and staleness. `marketTime` is the batch's bar close time, which a
   * replayed tick's timestamp is checked against. Returns the accepted bars.
   */
  ingest(
    bars: readonly Bar[],
    ticks: readonly Tick[],
    now: number,
    cycle: number,
    telemetry: CycleTelemetry,
    marketTime: number = Number.NaN,
  ): Bar[] {
    const bus = this.#bus;
    const market = this.#market;
    const source = market.source;
    const barMs = market.barSeconds * 1000;
    const realTime = market.realTime === true;
    const staleAfterMs = this.config.staleAfterBars * (this.config.barIntervalMs ?? barMs);
    const window = this.config.completenessWindow;
    const duration = this.#duration;
    if (ticks.length > 0) {
      // Counted through the port; published only while something listens (the dashboard).
      const tickListeners = bus.hasSubscribers(switchboard.ticks(ticks[0]!.symbol));
      // A live tick may be this far in the future; a replayed one this far outside its bar.
      const toleranceMs = this.config.clockDriftToleranceSeconds * 1000;
      const latest = realTime ? now + toleranceMs : marketTime + toleranceMs;
      const earliest = realTime ? Number.NEGATIVE_INFINITY : marketTime - barMs - toleranceMs;
      for (const tick of ticks) {
        if (!this.#normalised(tick, now)) continue;
        if (tick.timestamp > latest || tick.timestamp < earliest) {
          this.#rejectDrifted(tick, now, realTime ? now : marketTime);
          continue;
        }
        if (tick.volume !== undefined) this.#orderFlow(tick, tick.volume, now);
        const ageSeconds = realTime ? Math.max((now - tick.timestamp) / 1000, 0) : 0;
        telemetry.tickReceived(this.#feed(tick.symbol).index, ageSeconds);
        if (!tickListeners) continue;
        bus.publish(switchboard.ticks(tick.symbol), {
          type: "TickReceived",
          timestamp: now,
          source,
          symbol: tick.symbol,
          price: tick.price,
          ageSeconds,
        });
      }
    }
    const accepted: Bar[] = [];
    for (const bar of bars) {
      const feed = this.#feed(bar.symbol);
      const problem = this.#validate(bar, feed, realTime ? now : Number.POSITIVE_INFINITY);
      if (problem !== undefined) {
        bus.publish(switchboard.dataQuality(bar.symbol), {
          type: "DataValidationFailed",
          timestamp: now,
          source,
          symbol: bar.symbol,
          errorType: problem.type,
          message: problem.message,
        });
        if (problem.type !== "gap") continue;
      }
      feed.lastTimestamp = bar.timestamp;
      feed.lastClose = bar.close;
      feed.lastBarAt = now;
      feed.received[cycle % window] = 2;
      if (feed.stale) {
        feed.stale = false;
        bus.publish(switchboard.dataQuality(bar.symbol), {
          type: "DataRecovered",
          timestamp: now,
          source,
          symbol: bar.symbol,
          staleSeconds: Math.max((now - feed.staleSince) / 1000, 0),
        });
      }
      this.#exchange.onBar(bar);
      bus.publish(switchboard.bars(bar.symbol), {
        type: "BarReceived",
        timestamp: now,
        source,
        bar,
        duration,
        // A replay's bar is as fresh as the cycle that delivers it.
        freshnessSeconds: realTime ? Math.max((now - (bar.timestamp + barMs)) / 1000, 0) : 0,
      });
      telemetry.barReceived(feed.index);
      accepted.push(bar);
    }
    const slot = cycle % window;
    const filled = Math.min(cycle, window);
    for (const symbol of market.symbols) {
      const feed = this.#feed(symbol);
      const received = feed.received[slot] === 2 ? 1 : 0;
      feed.received[slot] = received;
      let receivedCount = 0;
      for (let index = 0; index < filled; index++) receivedCount += feed.received[index]!;
      if (!feed.stale && Number.isFinite(feed.lastBarAt) && now - feed.lastBarAt > staleAfterMs) {
        feed.stale = true;
        feed.staleSince = feed.lastBarAt;
        bus.publish(switchboard.dataQuality(symbol), {
          type: "DataStale",
          timestamp: now,
          source,
          symbol,
          ageSeconds: (now - feed.lastBarAt) / 1000,
        });
      }
      telemetry.feedQuality(
        feed.index,
        filled === 0 ? 1 : receivedCount / filled,
        Number.isFinite(feed.lastBarAt) ? Math.max((now - feed.lastBarAt) / 1000, 0) : 0,
      );
    }
    return accepted;
  }

  /** Returns whether the tick is well formed; dead-letters it and publishes why when not. */
  #normalised(tick: Tick, now: number): boolean {
    let reason: string | undefined;
    const listed = this.#listed.has(tick.symbol);
    if (!listed) reason = `symbol ${JSON.stringify(tick.symbol)} is not a symbol of the market`;
    else if (!(typeof tick.price === "number" && tick.price > 0 && Number.isFinite(tick.price)))
      reason = `price ${String(tick.price)} is not a positive number`;
    else if (!(typeof tick.timestamp === "number" && Number.isFinite(tick.timestamp)))
      reason = `timestamp ${String(tick.timestamp)} is not a time`;
    else if (
      tick.volume !== undefined &&
      !(typeof tick.volume === "number" && Number.isFinite(tick.volume))
    )
      reason = `volume ${String(tick.volume)} is not a number`;
    if (reason === undefined) return true;
    const source = this.#market.source;
    const symbol = String(tick.symbol).slice(0, 64);
    this.deadLetters.add({ timestamp: now, source, reason, message: { ...tick } });
    this.#bus.publish(listed ? switchboard.dataQuality(symbol) : switchboard.unlistedDataQuality, {
      type: "DataNormalizationFailed",
      timestamp: now,
      source,
      symbol,
      reason,
      deadLetters: this.deadLetters.size,
    });
    return false;
  }

  /** Publishes a tick rejected for clock drift against `reference` (operational or bar time). */
  #rejectDrifted(tick: Tick, now: number, reference: number): void {
    this.#bus.publish(switchboard.dataQuality(tick.symbol), {
      type: "DataValidationFailed",
      timestamp: now,
      source: this.#market.source,
      symbol: tick.symbol,
      errorType: "clock_drift",
      message: `${tick.symbol} tick at ${tick.timestamp} is ${((tick.timestamp - reference) / 1000).toFixed(1)}s from ${this.#market.realTime === true ? "now" : "its bar's close"}, beyond the ${this.config.clockDriftToleranceSeconds}s clock-drift tolerance`,
    });
  }

  /** Adds a tick's signed volume to its symbol's order flow; publishes a threshold crossing. */
  #orderFlow(tick: Tick, volume: number, now: number): void {
    const feed = this.#feed(tick.symbol);
    let flow = feed.flow;
    if (flow === undefined) {
      flow = new OrderFlowWindow(
        this.config.orderFlowWindowTicks,
        this.config.orderFlowImbalanceThreshold,
      );
      feed.flow = flow;
    }
    const imbalance = flow.add(volume);
    if (Number.isNaN(imbalance)) return;
    this.#bus.publish(switchboard.orderFlow(tick.symbol), {
      type: "OrderFlowImbalanceDetected",
      timestamp: now,
      source: this.#market.source,
      symbol: tick.symbol,
      imbalance,
      ticks: flow.count,
    });
  }

  #feed(symbol: string): FeedState {
    let feed = this.#feeds.get(symbol);
    if (feed === undefined) {
      feed = {
        index: this.#market.symbols.indexOf(symbol),
        lastBarAt: Number.NaN,
        lastClose: Number.NaN,
        lastTimestamp: Number.NEGATIVE_INFINITY,
        stale: false,
        staleSince: 0,
        received: new Uint8Array(this.config.completenessWindow),
        flow: undefined,
      };
      this.#feeds.set(symbol, feed);
    }
    return feed;
  }

  /** `now` is operational time for a live feed, infinity for a replay (no drift check). */
  #validate(bar: Bar, feed: FeedState, now: number): BarProblem | undefined {
    if (!(bar.open > 0 && bar.high > 0 && bar.low > 0 && bar.close > 0)) {
      return {
        type: "non_positive_price",
        message: `${bar.symbol} bar at ${bar.timestamp} has a non-positive price`,
      };
    }
    if (
      bar.high < bar.low ||
      bar.close > bar.high * (1 + 1e-9) ||
      bar.close < bar.low * (1 - 1e-9)
    ) {
      return {
        type: "high_below_low",
        message: `${bar.symbol} bar at ${bar.timestamp}: high ${bar.high} / low ${bar.low} / close ${bar.close} inconsistent`,
      };
    }
    if (bar.timestamp <= feed.lastTimestamp) {
      return {
        type: "out_of_order",
        message: `${bar.symbol} bar at ${bar.timestamp} is not after ${feed.lastTimestamp}`,
      };
    }
    if (bar.timestamp > now + this.config.clockDriftToleranceSeconds * 1000) {
      return {
        type: "clock_drift",
        message: `${bar.symbol} bar at ${bar.timestamp} is ${(bar.timestamp - now) / 1000}s in the future`,
      };
    }
    if (
      Number.isFinite(feed.lastClose) &&
      Math.abs(bar.open / feed.lastClose - 1) * 100 > this.config.gapThresholdPct
    ) {
      return {
        type: "gap",
        message: `${bar.symbol} opened ${((bar.open / feed.lastClose - 1) * 100).toFixed(2)}% from the previous close`,
      };
    }
    return undefined;
  }
}
