/** @module The main loop: one cycle of timed stages (data, signals, risk, execution, portfolio). */
import { performance } from "node:perf_hooks";
import { type Clock, SimulatedClock } from "../clock.js";
import type { CycleCompleted, OrderEvent, OrderIntentCreated } from "../events.js";
import { errorClassOf, httpStatusOf, isErrorClass } from "../execution/exchange-errors.js";
import type {
  ExecutionClient,
  ExecutionReport,
  OrderRequest,
} from "../execution/execution-client.js";
import type { RateLimiter } from "../execution/rate-limiter.js";
import {
  formatDuration,
  type MarketBatch,
  type MarketDataSource,
} from "../market/market-data-source.js";
import type { MessageBus } from "../message-bus.js";
import type { Portfolio } from "../portfolio/portfolio.js";
import type { RiskEngine } from "../risk/risk-engine.js";
import type { Strategy } from "../strategy/strategy.js";
import { switchboard } from "../switchboard.js";
import {
  type Bar,
  type CycleStage,
  type CycleStatus,
  type ExchangeEndpoint,
  type Lifecycle,
  type OrderSide,
  type OrderType,
  type RiskCheck,
  riskChecks,
} from "../types.js";

/** Main-loop settings. */
export interface TradingEngineConfig {
  /** Position size at full signal strength, % of NAV. Default 5. */
  readonly targetPositionPct: number;
  /** Signals below this strength are ignored. Default 0.2. */
  readonly minSignalStrength: number;
  /** Signals below this confidence are ignored. Default 0.1. */
  readonly minSignalConfidence: number;
  /** Limit buys are placed this far below the close. Default 5 bps. */
  readonly limitOffsetBps: number;
  /** A symbol without a bar for this many bar durations is stale. Default 3. */
  readonly staleAfterBars: number;
  /** Cycles in the completeness window. Default 20. */
  readonly completenessWindow: number;
  /** An open this far from the previous close is reported as a gap. Default 1 %. */
  readonly gapThresholdPct: number;
  /** A live feed's bar stamped this far in the future is rejected as clock drift. Default 5 s. */
  readonly clockDriftToleranceSeconds: number;
  /**
   * Wall-clock milliseconds between bars as they arrive, which staleness counts in: the bar
   * duration for a live feed or a backtest, the cycle interval for a replay paced by
   * `--speed`. Default: the market's bar duration.
   */
  readonly barIntervalMs: number | undefined;
  /**
   * The exchange's status is checked at most this often, in operational seconds (a live
   * bot does not poll it on every tick; in a backtest, every cycle). Default 1.
   */
  readonly statusIntervalSeconds: number;
}

/** Default main-loop settings. */
export const defaultTradingEngineConfig: TradingEngineConfig = Object.freeze({
  targetPositionPct: 5,
  minSignalStrength: 0.2,
  minSignalConfidence: 0.1,
  limitOffsetBps: 5,
  staleAfterBars: 3,
  completenessWindow: 20,
  gapThresholdPct: 1,
  clockDriftToleranceSeconds: 5,
  barIntervalMs: undefined,
  statusIntervalSeconds: 1,
});

/** The components one engine drives. */
export interface TradingEngineParts {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly market: MarketDataSource;
  readonly strategies: readonly Strategy[];
  readonly exchange: ExecutionClient;
  readonly rateLimiter: RateLimiter;
  readonly portfolio: Portfolio;
  readonly risk: RiskEngine;
}

interface FeedState {
  lastBarAt: number;
  lastClose: number;
  lastTimestamp: number;
  stale: boolean;
  staleSince: number;
  readonly received: Uint8Array;
  receivedCount: number;
  /** Completeness and staleness last published (published again only when they change). */
  publishedScore: number;
  publishedStaleness: number;
}

interface Proposal {
  readonly strategy: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly quantity: number;
  readonly price: number;
  readonly limitPrice: number | undefined;
  readonly strength: number;
}

interface OpenOrder {
  readonly strategy: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly referencePrice: number;
  readonly intentAt: number;
  ackAt: number;
  exchangeOrderId: string;
}

/** `risk:{check}` for every check, built once (a fresh string per cycle costs every subscriber a hash). */
const riskReasons = Object.freeze(
  Object.fromEntries(riskChecks.map((check) => [check, `risk:${check}`])) as Record<
    RiskCheck,
    string
  >,
);

const emptyStages = (): Record<CycleStage, number> => ({
  data: 0,
  signals: 0,
  risk: 0,
  execution: 0,
  portfolio: 0,
});

/**
 * Runs trading cycles. Each cycle pulls a market batch and validates it (data), turns bars
 * into signals and signals into order intents (signals), passes intents through the risk
 * engine (risk), sends approved orders to the execution client through the rate limiter
 * (execution), and publishes the portfolio (portfolio). Every step publishes events; the
 * cycle ends with `CycleCompleted` carrying the measured stage durations, counts, status
 * and the reason when no order went out.
 *
 * Two times meet here (docs/TIME.md). Operational time is the `clock`'s: event timestamps,
 * cycle times, staleness, latencies, breaker and outage durations. Market time is the
 * batch's bar time: strategies, the buy cooldown, and the day and week boundaries of PnL.
 * A {@link SimulatedClock} given as the clock is moved to each batch's time, so that a
 * backtest's operational time is its market time and runs are reproducible.
 *
 * @example
 * const engine = new TradingEngine(parts);
 * engine.start();
 * while ((await engine.runCycle()) !== undefined) {}
 */
export class TradingEngine implements Lifecycle {
  readonly config: TradingEngineConfig;
  readonly #parts: TradingEngineParts;
  readonly #feeds = new Map<string, FeedState>();
  readonly #openOrders = new Map<string, OpenOrder>();
  readonly #entries = new Map<string, string>();
  #cycle = 0;
  #ordersSubmitted = 0;
  #ordersFilled = 0;
  #consecutiveErrors = 0;
  #lastStatusAt = Number.NEGATIVE_INFINITY;
  #connected = true;
  #running = false;
  #publishedUtilization = Number.NaN;
  #lastCycle: CycleCompleted | undefined;
  readonly #duration: string;
  readonly #strategyNames: readonly string[];

  constructor(parts: TradingEngineParts, config: Partial<TradingEngineConfig> = {}) {
    this.config = Object.freeze({ ...defaultTradingEngineConfig, ...config });
    this.#parts = parts;
    this.#duration = formatDuration(parts.market.barSeconds);
    this.#strategyNames = Object.freeze(parts.strategies.map((strategy) => strategy.name));
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#parts.portfolio.start();
    this.#parts.risk.start();
    this.#parts.exchange.start();
    this.#parts.market.start();
  }

  stop(): void {
    this.#running = false;
    this.#parts.market.stop();
    this.#parts.exchange.stop();
  }

  reset(): void {
    this.#feeds.clear();
    this.#openOrders.clear();
    this.#entries.clear();
    this.#cycle = 0;
    this.#ordersSubmitted = 0;
    this.#ordersFilled = 0;
    this.#consecutiveErrors = 0;
    this.#lastStatusAt = Number.NEGATIVE_INFINITY;
    this.#connected = true;
    this.#publishedUtilization = Number.NaN;
    this.#lastCycle = undefined;
    const { market, exchange, portfolio, risk, rateLimiter, strategies } = this.#parts;
    market.reset();
    exchange.reset();
    portfolio.reset();
    risk.reset();
    rateLimiter.reset();
    for (const strategy of strategies) strategy.reset();
  }

  dispose(): void {
    this.stop();
    this.#parts.portfolio.dispose();
    this.#parts.risk.dispose();
    this.#parts.exchange.dispose();
    this.#parts.market.dispose();
  }

  /** Cycles completed. */
  get cycles(): number {
    return this.#cycle;
  }

  /** The last cycle's event, if any cycle ran. */
  get lastCycle(): CycleCompleted | undefined {
    return this.#lastCycle;
  }

  /**
   * Hands restored open positions back to the strategies that opened them (symbol to
   * strategy), replacing the owners known so far, so that each owner may sell or add to its
   * position. A journal restoring a portfolio calls it before the first cycle.
   */
  restoreEntryOwners(owners: ReadonlyMap<string, string>): void {
    this.#entries.clear();
    for (const [symbol, strategy] of owners) this.#entries.set(symbol, strategy);
  }

  /** Runs one cycle; resolves to its event, or undefined when the market is exhausted. */
  async runCycle(): Promise<CycleCompleted | undefined> {
    const { bus, clock, market, strategies, portfolio, risk } = this.#parts;
    const stages = emptyStages();
    const strategyDurations = strategies.map(() => 0);
    const started = performance.now();
    let mark = started;
    const lap = (stage: CycleStage): void => {
      const now = performance.now();
      stages[stage] = (now - mark) / 1000;
      mark = now;
    };

    // data
    let batch: MarketBatch | null;
    try {
      batch = await market.next();
    } catch (error) {
      return this.#failedFetch(error, started);
    }
    if (batch === null) return undefined;
    if (clock instanceof SimulatedClock) clock.advanceTo(batch.timestamp);
    const now = clock.now();
    const marketTime = batch.timestamp;
    this.#cycle++;
    let status: CycleStatus = "no_trade";
    let noTradeReason: string | undefined;
    let proposals = 0;
    let approved = 0;
    let executed = 0;
    try {
      const bars = this.#ingest(batch.bars, batch.ticks, now);
      portfolio.revalue(marketTime);
      if (
        now - this.#lastStatusAt >= this.config.statusIntervalSeconds * 1000 &&
        this.#parts.rateLimiter.tryAcquire()
      ) {
        this.#lastStatusAt = now;
        await this.#call("fetchStatus", () => this.#parts.exchange.fetchStatus());
      }
      this.#publishReports(this.#parts.exchange.drainReports());
      lap("data");

      // signals
      const intents: Proposal[] = [];
      for (const bar of bars) {
        for (let which = 0; which < strategies.length; which++) {
          const strategy = strategies[which]!;
          const evaluationStarted = performance.now();
          const signal = strategy.onBar(bar);
          strategyDurations[which]! += (performance.now() - evaluationStarted) / 1000;
          if (signal === undefined || signal.direction === "flat") continue;
          bus.publish(switchboard.signals(strategy.name), {
            type: "SignalGenerated",
            timestamp: now,
            strategy: strategy.name,
            symbol: bar.symbol,
            direction: signal.direction,
            strength: signal.strength,
            confidence: signal.confidence,
            price: bar.close,
          });
          const proposal = this.#size(
            strategy,
            bar,
            signal.direction,
            signal.strength,
            signal.confidence,
          );
          if (proposal !== undefined) intents.push(proposal);
        }
      }
      intents.sort((left, right) =>
        left.side === right.side ? right.strength - left.strength : left.side === "sell" ? -1 : 1,
      );
      proposals = intents.length;
      lap("signals");

      // risk
      risk.evaluate(now, marketTime);
      const halt = risk.haltReason();
      const orders: {
        readonly intent: OrderIntentCreated;
        readonly quantity: number;
        readonly createdAt: number;
      }[] = [];
      const denials: RiskCheck[] = [];
      for (let index = 0; index < intents.length; index++) {
        const proposal = intents[index]!;
        const intent: OrderIntentCreated = {
          type: "OrderIntentCreated",
          timestamp: now,
          clientOrderId: `${proposal.strategy}-${this.#cycle}-${index}`,
          strategy: proposal.strategy,
          symbol: proposal.symbol,
          side: proposal.side,
          orderType: proposal.orderType,
          quantity: proposal.quantity,
          limitPrice: proposal.limitPrice,
          notional: proposal.quantity * proposal.price,
          signalStrength: proposal.strength,
        };
        const createdAt = performance.now();
        bus.publish(switchboard.orders(proposal.strategy), intent);
        const decision = risk.check(intent);
        if (decision.approved) orders.push({ intent, quantity: decision.quantity, createdAt });
        else denials.push(decision.check);
      }
      approved = orders.length;
      lap("risk");

      // execution
      let rejected = 0;
      let throttled = 0;
      for (const order of orders) {
        if (!this.#parts.rateLimiter.tryAcquire()) {
          throttled++;
          this.#throttle(order.intent, now);
          continue;
        }
        if (await this.#submit(order.intent, order.quantity, order.createdAt, now)) executed++;
        else rejected++;
      }
      lap("execution");

      // portfolio
      portfolio.publish(now, marketTime);
      lap("portfolio");

      if (executed > 0) status = "success";
      else if (halt !== undefined) {
        status = "halted";
        noTradeReason = halt;
      } else if (batch.bars.length === 0) noTradeReason = "no_market_data";
      else if (proposals === 0) noTradeReason = "no_signal";
      else if (denials.length > 0 && approved === 0) noTradeReason = riskReasons[denials[0]!];
      else if (throttled > 0 && rejected === 0) noTradeReason = "rate_limited";
      else noTradeReason = "exchange_rejected";
    } catch (error) {
      status = "error";
      noTradeReason = `error:${errorClassOf(error)}`;
      lap("portfolio");
    }
    const event: CycleCompleted = {
      type: "CycleCompleted",
      timestamp: now,
      cycle: this.#cycle,
      status,
      durationSeconds: (performance.now() - started) / 1000,
      stageDurations: stages,
      strategies: this.#strategyNames,
      strategyDurations,
      proposals,
      approved,
      executed,
      noTradeReason,
      fillRatio: this.#ordersSubmitted === 0 ? 0 : this.#ordersFilled / this.#ordersSubmitted,
    };
    this.#lastCycle = event;
    bus.publish(switchboard.cycle, event);
    return event;
  }

  /** Ends a cycle whose market-data fetch failed: an API failure and an `error` cycle. */
  #failedFetch(error: unknown, started: number): CycleCompleted {
    const { bus, clock } = this.#parts;
    const now = clock.now();
    this.#cycle++;
    const errorClass = errorClassOf(error);
    if (!isErrorClass(errorClass, "ExchangeError")) this.#consecutiveErrors++;
    const latency = (error as { latencySeconds?: unknown } | undefined)?.latencySeconds;
    bus.publish(switchboard.exchange, {
      type: "ApiCallFailed",
      timestamp: now,
      endpoint: "fetchOHLCV",
      errorClass,
      httpStatus: httpStatusOf(error),
      message: error instanceof Error ? error.message : String(error),
      latencySeconds: typeof latency === "number" ? latency : (performance.now() - started) / 1000,
      consecutiveErrors: this.#consecutiveErrors,
    });
    const durationSeconds = (performance.now() - started) / 1000;
    const event: CycleCompleted = {
      type: "CycleCompleted",
      timestamp: now,
      cycle: this.#cycle,
      status: "error",
      durationSeconds,
      stageDurations: { ...emptyStages(), data: durationSeconds },
      strategies: this.#strategyNames,
      strategyDurations: this.#strategyNames.map(() => 0),
      proposals: 0,
      approved: 0,
      executed: 0,
      noTradeReason: `error:${errorClass}`,
      fillRatio: this.#ordersSubmitted === 0 ? 0 : this.#ordersFilled / this.#ordersSubmitted,
    };
    this.#lastCycle = event;
    bus.publish(switchboard.cycle, event);
    return event;
  }

  #ingest(
    bars: readonly Bar[],
    ticks: readonly { symbol: string; timestamp: number; price: number }[],
    now: number,
  ): Bar[] {
    const { bus, market, exchange } = this.#parts;
    const source = market.source;
    const barMs = market.barSeconds * 1000;
    const realTime = market.realTime === true;
    const staleAfterMs = this.config.staleAfterBars * (this.config.barIntervalMs ?? barMs);
    const duration = this.#duration;
    const tickListeners =
      ticks.length > 0 && bus.hasSubscribers(switchboard.ticks(ticks[0]!.symbol));
    if (tickListeners) {
      for (const tick of ticks) {
        bus.publish(switchboard.ticks(tick.symbol), {
          type: "TickReceived",
          timestamp: now,
          source,
          symbol: tick.symbol,
          price: tick.price,
          ageSeconds: realTime ? Math.max((now - tick.timestamp) / 1000, 0) : 0,
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
      feed.received[this.#cycle % this.config.completenessWindow] = 2;
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
      exchange.onBar(bar);
      bus.publish(switchboard.bars(bar.symbol), {
        type: "BarReceived",
        timestamp: now,
        source,
        bar,
        duration,
        // A replay's bar is as fresh as the cycle that delivers it.
        freshnessSeconds: realTime ? Math.max((now - (bar.timestamp + barMs)) / 1000, 0) : 0,
      });
      accepted.push(bar);
    }
    const slot = this.#cycle % this.config.completenessWindow;
    const window = Math.min(this.#cycle, this.config.completenessWindow);
    for (const symbol of market.symbols) {
      const feed = this.#feed(symbol);
      const received = feed.received[slot] === 2 ? 1 : 0;
      feed.received[slot] = received;
      feed.receivedCount = 0;
      for (let index = 0; index < window; index++) feed.receivedCount += feed.received[index]!;
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
      const score = window === 0 ? 1 : feed.receivedCount / window;
      const stalenessSeconds = Number.isFinite(feed.lastBarAt)
        ? Math.max((now - feed.lastBarAt) / 1000, 0)
        : 0;
      if (score !== feed.publishedScore || stalenessSeconds !== feed.publishedStaleness) {
        feed.publishedScore = score;
        feed.publishedStaleness = stalenessSeconds;
        bus.publish(switchboard.dataQuality(symbol), {
          type: "DataCompleteness",
          timestamp: now,
          source,
          symbol,
          score,
          stalenessSeconds,
        });
      }
    }
    return accepted;
  }

  #feed(symbol: string): FeedState {
    let feed = this.#feeds.get(symbol);
    if (feed === undefined) {
      feed = {
        lastBarAt: Number.NaN,
        lastClose: Number.NaN,
        lastTimestamp: Number.NEGATIVE_INFINITY,
        stale: false,
        staleSince: 0,
        received: new Uint8Array(this.config.completenessWindow),
        receivedCount: 0,
        publishedScore: Number.NaN,
        publishedStaleness: Number.NaN,
      };
      this.#feeds.set(symbol, feed);
    }
    return feed;
  }

  #validate(
    bar: Bar,
    feed: FeedState,
    /** Operational time for a live feed; infinity for a replay (no drift check). */
    now: number,
  ):
    | {
        type: "non_positive_price" | "high_below_low" | "out_of_order" | "gap" | "clock_drift";
        message: string;
      }
    | undefined {
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

  #size(
    strategy: Strategy,
    bar: Bar,
    direction: "buy" | "sell" | "flat",
    strength: number,
    confidence: number,
  ): Proposal | undefined {
    const { portfolio } = this.#parts;
    const owner = this.#entries.get(bar.symbol);
    if (direction === "sell") {
      const held = portfolio.quantity(bar.symbol);
      if (owner !== strategy.name || held <= 0) return undefined;
      return {
        strategy: strategy.name,
        symbol: bar.symbol,
        side: "sell",
        orderType: "market",
        quantity: held,
        price: bar.close,
        limitPrice: undefined,
        strength,
      };
    }
    if (direction !== "buy") return undefined;
    if (strength < this.config.minSignalStrength || confidence < this.config.minSignalConfidence)
      return undefined;
    if (owner !== undefined && owner !== strategy.name) return undefined;
    const target = (portfolio.nav * this.config.targetPositionPct * strength) / 100;
    const current = portfolio.positionValue(bar.symbol) + portfolio.pendingNotionalOf(bar.symbol);
    if (current >= target * 0.5) return undefined;
    const limit = strategy.entryOrderType === "limit";
    const price = limit ? bar.close * (1 - this.config.limitOffsetBps / 10_000) : bar.close;
    return {
      strategy: strategy.name,
      symbol: bar.symbol,
      side: "buy",
      orderType: strategy.entryOrderType,
      quantity: (target - current) / price,
      price,
      limitPrice: limit ? price : undefined,
      strength,
    };
  }

  async #submit(
    intent: OrderIntentCreated,
    quantity: number,
    createdAt: number,
    now: number,
  ): Promise<boolean> {
    const { bus, exchange } = this.#parts;
    const topic = switchboard.orders(intent.strategy);
    const price = intent.notional / intent.quantity;
    const request: OrderRequest = {
      clientOrderId: intent.clientOrderId,
      strategy: intent.strategy,
      symbol: intent.symbol,
      side: intent.side,
      type: intent.orderType,
      quantity,
      limitPrice: intent.limitPrice,
      referencePrice: price,
    };
    bus.publish(topic, {
      type: "OrderSubmitted",
      timestamp: now,
      clientOrderId: intent.clientOrderId,
      strategy: intent.strategy,
      symbol: intent.symbol,
      side: intent.side,
      orderType: intent.orderType,
      quantity,
      limitPrice: intent.limitPrice,
      notional: quantity * price,
      intentToSubmitSeconds: (performance.now() - createdAt) / 1000,
    });
    this.#ordersSubmitted++;
    this.#openOrders.set(intent.clientOrderId, {
      strategy: intent.strategy,
      symbol: intent.symbol,
      side: intent.side,
      orderType: intent.orderType,
      referencePrice: price,
      intentAt: now,
      ackAt: now,
      exchangeOrderId: "",
    });
    const result = await this.#call("createOrder", () => exchange.submitOrder(request));
    if (result.ok) {
      if (intent.side === "buy") this.#entries.set(intent.symbol, intent.strategy);
      this.#publishReports(result.value);
      return true;
    }
    this.#openOrders.delete(intent.clientOrderId);
    bus.publish(topic, {
      type: "OrderRejected",
      timestamp: now,
      clientOrderId: intent.clientOrderId,
      strategy: intent.strategy,
      symbol: intent.symbol,
      side: intent.side,
      orderType: intent.orderType,
      errorClass: result.errorClass,
      reason: result.message,
    });
    return false;
  }

  #throttle(intent: OrderIntentCreated, now: number): void {
    const { bus, rateLimiter } = this.#parts;
    bus.publish(switchboard.orders(intent.strategy), {
      type: "OrderDenied",
      timestamp: now,
      clientOrderId: intent.clientOrderId,
      strategy: intent.strategy,
      symbol: intent.symbol,
      side: intent.side,
      orderType: intent.orderType,
      check: "rate_limit",
      reason: `client rate limiter budget spent (${rateLimiter.used.toFixed(1)}/${rateLimiter.config.capacity})`,
      notional: intent.notional,
    });
    bus.publish(switchboard.exchange, {
      type: "RateLimitUsage",
      timestamp: now,
      used: rateLimiter.used,
      capacity: rateLimiter.config.capacity,
      utilization: rateLimiter.utilization,
      throttled: true,
    });
  }

  #publishReports(reports: readonly ExecutionReport[]): void {
    const { bus } = this.#parts;
    for (const report of reports) {
      const order = this.#openOrders.get(report.clientOrderId);
      if (order === undefined) continue;
      const topic = switchboard.orders(order.strategy);
      const base = {
        clientOrderId: report.clientOrderId,
        strategy: order.strategy,
        symbol: order.symbol,
        side: order.side,
        orderType: order.orderType,
      };
      let event: OrderEvent;
      switch (report.kind) {
        case "acknowledged":
          order.ackAt = report.timestamp;
          order.exchangeOrderId = report.exchangeOrderId;
          event = {
            type: "OrderAcknowledged",
            timestamp: report.timestamp,
            ...base,
            exchangeOrderId: report.exchangeOrderId,
            submitToAckSeconds: report.latencySeconds,
          };
          break;
        case "fill": {
          const direction = order.side === "buy" ? 1 : -1;
          const complete = report.remainingQuantity === 0;
          event = {
            type: "OrderFilled",
            timestamp: report.timestamp,
            ...base,
            exchangeOrderId: report.exchangeOrderId,
            tradeId: report.tradeId,
            quantity: report.quantity,
            price: report.price,
            notional: report.quantity * report.price,
            fee: report.fee,
            liquidity: report.liquidity,
            slippageBps:
              (direction * (report.price - order.referencePrice) * 10_000) / order.referencePrice,
            partial: !complete,
            filledQuantity: report.filledQuantity,
            remainingQuantity: report.remainingQuantity,
            ackToFillSeconds: report.latencySeconds,
            totalFillSeconds: Math.max((report.timestamp - order.intentAt) / 1000, 0),
          };
          if (complete) {
            this.#ordersFilled++;
            this.#openOrders.delete(report.clientOrderId);
            if (order.side === "sell") this.#entries.delete(order.symbol);
          }
          break;
        }
        case "cancelled":
          event = {
            type: "OrderCancelled",
            timestamp: report.timestamp,
            ...base,
            exchangeOrderId: report.exchangeOrderId,
            reason: report.reason,
            filledQuantity: report.filledQuantity,
          };
          this.#openOrders.delete(report.clientOrderId);
          if (
            order.side === "buy" &&
            report.filledQuantity === 0 &&
            this.#parts.portfolio.quantity(order.symbol) <= 0
          ) {
            this.#entries.delete(order.symbol);
          }
          break;
      }
      bus.publish(topic, event);
    }
  }

  async #call<T>(
    endpoint: ExchangeEndpoint,
    call: () => Promise<{ readonly value: T; readonly latencySeconds: number }>,
  ): Promise<{ ok: true; value: T } | { ok: false; errorClass: string; message: string }> {
    const { bus, clock, rateLimiter } = this.#parts;
    const now = clock.now();
    const wasConnected = this.#connected;
    try {
      const result = await call();
      this.#consecutiveErrors = 0;
      bus.publish(switchboard.exchange, {
        type: "ApiCallSucceeded",
        timestamp: now,
        endpoint,
        latencySeconds: result.latencySeconds,
      });
      if (!wasConnected) {
        this.#connected = true;
        bus.publish(switchboard.exchange, {
          type: "ExchangeConnectionChanged",
          timestamp: now,
          exchange: this.#parts.exchange.name,
          connected: true,
          reason: `${endpoint} succeeded`,
        });
      }
      return { ok: true, value: result.value };
    } catch (error) {
      const errorClass = errorClassOf(error);
      const message = error instanceof Error ? error.message : String(error);
      const latency = (error as { latencySeconds?: unknown }).latencySeconds;
      if (isBusinessRejection(errorClass)) {
        // The exchange answered and refused the order: a rejection (orders_rejected_total,
        // from the caller's OrderRejected), not an API error.
        this.#consecutiveErrors = 0;
        bus.publish(switchboard.exchange, {
          type: "ApiCallSucceeded",
          timestamp: now,
          endpoint,
          latencySeconds: typeof latency === "number" ? latency : 0,
        });
        return { ok: false, errorClass, message };
      }
      if (!isErrorClass(errorClass, "ExchangeError")) this.#consecutiveErrors++;
      bus.publish(switchboard.exchange, {
        type: "ApiCallFailed",
        timestamp: now,
        endpoint,
        errorClass,
        httpStatus: httpStatusOf(error),
        message,
        latencySeconds: typeof latency === "number" ? latency : 0,
        consecutiveErrors: this.#consecutiveErrors,
      });
      if (errorClass === "NetworkError" && wasConnected) {
        this.#connected = false;
        bus.publish(switchboard.exchange, {
          type: "ExchangeConnectionChanged",
          timestamp: now,
          exchange: this.#parts.exchange.name,
          connected: false,
          reason: message,
        });
      }
      return { ok: false, errorClass, message };
    } finally {
      const utilization = rateLimiter.utilization;
      if (!(Math.abs(utilization - this.#publishedUtilization) < 0.01)) {
        this.#publishedUtilization = utilization;
        bus.publish(switchboard.exchange, {
          type: "RateLimitUsage",
          timestamp: now,
          used: rateLimiter.used,
          capacity: rateLimiter.config.capacity,
          utilization,
          throttled: false,
        });
      }
    }
  }
}

/** Whether a failure is the exchange refusing an order (funds, order rules), not an API error. */
function isBusinessRejection(errorClass: string): boolean {
  return isErrorClass(errorClass, "InsufficientFunds") || isErrorClass(errorClass, "InvalidOrder");
}
