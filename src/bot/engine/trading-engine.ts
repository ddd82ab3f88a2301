/** @module The main loop: one cycle of timed stages (market_data, signals, risk, execution, portfolio). */

import { performance } from "node:perf_hooks";
import { numberField, probabilityField } from "../../config/config-fields.js";
import { type ConfigSpec, resolveConfig } from "../../config/config-schema.js";
import { type Clock, SimulatedClock } from "../clock.js";
import type { CycleCompleted, OrderIntentCreated } from "../events.js";
import { errorClassOf } from "../execution/exchange-errors.js";
import type { ExecutionClient } from "../execution/execution-client.js";
import type { RateLimiter } from "../execution/rate-limiter.js";
import type { MarketBatch, MarketDataSource } from "../market/market-data-source.js";
import type { MessageBus } from "../message-bus.js";
import type { Portfolio } from "../portfolio/portfolio.js";
import type { RiskEngine } from "../risk/risk-engine.js";
import type { EntryGate } from "../sentiment/sentiment-gate.js";
import type { Strategy } from "../strategy/strategy.js";
import { switchboard } from "../switchboard.js";
import {
  type CycleStage,
  type CycleStatus,
  type Lifecycle,
  type RiskCheck,
  riskChecks,
} from "../types.js";
import {
  type CycleTelemetry,
  type CycleTelemetryLayout,
  noopCycleTelemetry,
} from "./cycle-telemetry.js";
import type { DeadLetterQueue } from "./dead-letter-queue.js";
import { ExchangeGateway } from "./exchange-gateway.js";
import { FeedMonitor, type FeedMonitorConfig } from "./feed-monitor.js";
import { OrderTracker } from "./order-tracker.js";
import { type PositionSizerConfig, type Proposal, sizePosition } from "./position-sizer.js";

/** Main-loop settings: the feed monitor's, the position sizer's and the engine's own. */
export interface TradingEngineConfig extends FeedMonitorConfig, PositionSizerConfig {
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
  orderFlowWindowTicks: 20,
  orderFlowImbalanceThreshold: 0.85,
  deadLetterCapacity: 1_000,
  barIntervalMs: undefined,
  statusIntervalSeconds: 1,
});

/** The rules of {@link TradingEngineConfig}, checked at construction. */
export const tradingEngineConfigSpec: ConfigSpec<TradingEngineConfig> = Object.freeze({
  schema: {
    targetPositionPct: numberField({ above: 0, max: 100 }),
    minSignalStrength: probabilityField,
    minSignalConfidence: probabilityField,
    limitOffsetBps: numberField({ min: 0 }),
    staleAfterBars: numberField({ above: 0 }),
    completenessWindow: numberField({ min: 1, integer: true }),
    gapThresholdPct: numberField({ above: 0 }),
    clockDriftToleranceSeconds: numberField({ min: 0 }),
    orderFlowWindowTicks: numberField({ min: 1, integer: true }),
    orderFlowImbalanceThreshold: numberField({ above: 0, max: 1 }),
    deadLetterCapacity: numberField({ min: 1, max: 1_000_000, integer: true }),
    barIntervalMs: numberField({ above: 0 }),
    statusIntervalSeconds: numberField({ min: 0 }),
  },
  defaults: defaultTradingEngineConfig,
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
  /** Asked before each buy is sized (sentiment); none: every buy signal is sized. */
  readonly entryGate?: EntryGate | undefined;
}

/** `risk:{check}` for every check, built once (a fresh string per cycle costs every subscriber a hash). */
const riskReasons = Object.freeze(
  Object.fromEntries(riskChecks.map((check) => [check, `risk:${check}`])) as Record<
    RiskCheck,
    string
  >,
);

const emptyStages = (): Record<CycleStage, number> => ({
  market_data: 0,
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
  readonly #feeds: FeedMonitor;
  readonly #gateway: ExchangeGateway;
  readonly #orders: OrderTracker;
  #telemetry: CycleTelemetry = noopCycleTelemetry;
  #cycle = 0;
  #lastStatusAt = Number.NEGATIVE_INFINITY;
  #running = false;
  #lastCycle: CycleCompleted | undefined;
  readonly #strategyNames: readonly string[];
  /** When each proposal of the cycle was signalled (performance.now()), for the decision time. */
  readonly #signalTimes = new Map<Proposal, number>();
  readonly #layout: CycleTelemetryLayout;

  constructor(parts: TradingEngineParts, config: Partial<TradingEngineConfig> = {}) {
    this.config = resolveConfig(tradingEngineConfigSpec, config, "engine");
    this.#parts = parts;
    this.#feeds = new FeedMonitor(parts, this.config);
    this.#gateway = new ExchangeGateway(parts);
    this.#orders = new OrderTracker({ ...parts, gateway: this.#gateway });
    this.#strategyNames = Object.freeze(parts.strategies.map((strategy) => strategy.name));
    this.#layout = Object.freeze({
      source: parts.market.source,
      barDuration: this.#feeds.duration,
      symbols: parts.market.symbols,
      strategies: this.#strategyNames,
      checks: riskChecks,
    });
  }

  /**
   * Reports every cycle's measurements to `telemetry` (the risk engine's rule checks too), after
   * telling it what its indices mean.
   */
  useTelemetry(telemetry: CycleTelemetry): void {
    telemetry.layout(this.#layout);
    this.#telemetry = telemetry;
    this.#parts.risk.useTelemetry(telemetry);
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
    this.#feeds.reset();
    this.#orders.reset();
    this.#gateway.reset();
    this.#cycle = 0;
    this.#lastStatusAt = Number.NEGATIVE_INFINITY;
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

  /** The market messages the feed monitor could not normalise (bounded, newest last). */
  get deadLetters(): DeadLetterQueue {
    return this.#feeds.deadLetters;
  }

  /**
   * Hands restored open positions back to the strategies that opened them (symbol to
   * strategy), replacing the owners known so far, so that each owner may sell or add to its
   * position. A journal restoring a portfolio calls it before the first cycle.
   */
  restoreEntryOwners(owners: ReadonlyMap<string, string>): void {
    this.#orders.restoreOwners(owners);
  }

  /** Runs one cycle; resolves to its event, or undefined when the market is exhausted. */
  async runCycle(): Promise<CycleCompleted | undefined> {
    const { bus, clock, market, strategies, portfolio, risk } = this.#parts;
    const telemetry = this.#telemetry;
    const orders = this.#orders;
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
      const bars = this.#feeds.ingest(
        batch.bars,
        batch.ticks,
        now,
        this.#cycle,
        telemetry,
        marketTime,
      );
      const gate = this.#parts.entryGate;
      if (gate !== undefined && bars.length > 0) await gate.prepare(bars);
      portfolio.revalue(marketTime);
      if (
        now - this.#lastStatusAt >= this.config.statusIntervalSeconds * 1000 &&
        this.#parts.rateLimiter.tryAcquire()
      ) {
        this.#lastStatusAt = now;
        await this.#gateway.call("fetchStatus", () => this.#parts.exchange.fetchStatus());
      }
      orders.publishReports(this.#parts.exchange.drainReports());
      lap("market_data");

      // signals
      const intents: Proposal[] = [];
      const signalTimes = this.#signalTimes;
      signalTimes.clear();
      let gated = 0;
      for (const bar of bars) {
        for (let which = 0; which < strategies.length; which++) {
          const strategy = strategies[which]!;
          const evaluationStarted = performance.now();
          const signal = strategy.onBar(bar);
          const signalAt = performance.now();
          const evaluationSeconds = (signalAt - evaluationStarted) / 1000;
          strategyDurations[which]! += evaluationSeconds;
          if (signal === undefined || signal.direction === "flat") continue;
          telemetry.signal(
            which,
            signal.direction === "buy" ? 1 : -1,
            signal.strength,
            evaluationSeconds,
          );
          const topic = switchboard.signals(strategy.name);
          if (bus.hasSubscribers(topic)) {
            bus.publish(topic, {
              type: "SignalGenerated",
              timestamp: now,
              strategy: strategy.name,
              symbol: bar.symbol,
              direction: signal.direction,
              strength: signal.strength,
              confidence: signal.confidence,
              price: bar.close,
            });
          }
          if (signal.direction === "buy" && gate?.allowsBuy(bar.symbol) === false) {
            gated++;
            continue;
          }
          const proposal = sizePosition(
            {
              strategy: strategy.name,
              entryOrderType: strategy.entryOrderType,
              bar,
              direction: signal.direction,
              strength: signal.strength,
              confidence: signal.confidence,
              owner: orders.ownerOf(bar.symbol),
            },
            portfolio,
            this.config,
          );
          if (proposal !== undefined) {
            intents.push(proposal);
            signalTimes.set(proposal, signalAt);
          }
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
      const approvedOrders: {
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
        const signalAt = signalTimes.get(proposal);
        if (signalAt !== undefined) {
          telemetry.decided(
            this.#strategyNames.indexOf(proposal.strategy),
            (performance.now() - signalAt) / 1000,
          );
        }
        if (decision.approved)
          approvedOrders.push({ intent, quantity: decision.quantity, createdAt });
        else denials.push(decision.check);
      }
      approved = approvedOrders.length;
      lap("risk");

      // execution
      let rejected = 0;
      let throttled = 0;
      for (const order of approvedOrders) {
        if (!this.#parts.rateLimiter.tryAcquire()) {
          throttled++;
          orders.throttle(order.intent, now);
          continue;
        }
        if (await orders.submit(order.intent, order.quantity, order.createdAt, now)) executed++;
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
      else if (proposals === 0) noTradeReason = gated > 0 ? "sentiment:blocked" : "no_signal";
      else if (denials.length > 0 && approved === 0) noTradeReason = riskReasons[denials[0]!];
      else if (throttled > 0 && rejected === 0) noTradeReason = "rate_limited";
      else noTradeReason = "exchange_rejected";
    } catch (error) {
      status = "error";
      noTradeReason = `error:${errorClassOf(error)}`;
      lap("portfolio");
    }
    return this.#completed({
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
      fillRatio: orders.fillRatio,
    });
  }

  /** Ends a cycle whose market-data fetch failed: an API failure and an `error` cycle. */
  #failedFetch(error: unknown, started: number): CycleCompleted {
    const now = this.#parts.clock.now();
    this.#cycle++;
    const errorClass = this.#gateway.fetchFailed(error, started);
    const durationSeconds = (performance.now() - started) / 1000;
    return this.#completed({
      type: "CycleCompleted",
      timestamp: now,
      cycle: this.#cycle,
      status: "error",
      durationSeconds,
      stageDurations: { ...emptyStages(), market_data: durationSeconds },
      strategies: this.#strategyNames,
      strategyDurations: this.#strategyNames.map(() => 0),
      proposals: 0,
      approved: 0,
      executed: 0,
      noTradeReason: `error:${errorClass}`,
      fillRatio: this.#orders.fillRatio,
    });
  }

  /** Reports a finished cycle to the telemetry port and publishes it on the bus. */
  #completed(event: CycleCompleted): CycleCompleted {
    const telemetry = this.#telemetry;
    const stages = event.stageDurations;
    telemetry.stages(
      stages.market_data,
      stages.signals,
      stages.risk,
      stages.execution,
      stages.portfolio,
    );
    telemetry.proposals(event.proposals, event.approved, event.executed);
    const durations = event.strategyDurations;
    for (let index = 0; index < durations.length; index++)
      telemetry.strategyEvaluated(index, durations[index]!);
    telemetry.cycleCompleted(
      event.status,
      event.durationSeconds,
      event.timestamp / 1000,
      event.noTradeReason,
    );
    this.#lastCycle = event;
    this.#parts.bus.publish(switchboard.cycle, event);
    return event;
  }
}
