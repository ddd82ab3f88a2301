/** @module Assembles the bot from one frozen config and runs its loop: `createBot`, `startBot`. */

import { ConfigError } from "../config/config-error.js";
import { listField, numberField, oneOfField, textField } from "../config/config-fields.js";
import { type ConfigSpec, resolveConfig, sectionField } from "../config/config-schema.js";
import { TradewatchError } from "../errors.js";
import { type Clock, SimulatedClock, systemClock } from "./clock.js";
import type { CycleTelemetry } from "./engine/cycle-telemetry.js";
import { fanOutCycleTelemetry } from "./engine/cycle-telemetry-fan-out.js";
import {
  TradingEngine,
  type TradingEngineConfig,
  tradingEngineConfigSpec,
} from "./engine/trading-engine.js";
import type { CycleCompleted } from "./events.js";
import type { FaultRates } from "./execution/paper/fault-injector.js";
import {
  faultRatesSpec,
  PaperExchange,
  type PaperExchangeConfig,
  paperExchangeConfigSpec,
} from "./execution/paper/paper-exchange.js";
import {
  RateLimiter,
  type RateLimiterConfig,
  rateLimiterConfigSpec,
} from "./execution/rate-limiter.js";
import { CcxtMarketData, createCcxtExchange } from "./market/ccxt/ccxt-market-data.js";
import { CsvReplay } from "./market/csv/csv-replay.js";
import type { MarketDataSource } from "./market/market-data-source.js";
import {
  SimulatedMarket,
  type SimulatedMarketConfig,
  simulatedMarketConfigSpec,
} from "./market/simulated/simulated-market.js";
import { MessageBus } from "./message-bus.js";
import { Portfolio } from "./portfolio/portfolio.js";
import type { PortfolioView } from "./portfolio/portfolio-view.js";
import {
  type CircuitBreakerConfig,
  CircuitBreakers,
  circuitBreakerConfigSpec,
} from "./risk/circuit-breakers.js";
import { KillSwitch, type KillSwitchConfig, killSwitchConfigSpec } from "./risk/kill-switch.js";
import { type RiskConfig, RiskEngine, riskConfigSpec } from "./risk/risk-engine.js";
import type { EntryGate } from "./sentiment/sentiment-gate.js";
import { directFeatureCache, type FeatureCache } from "./strategy/feature-cache.js";
import {
  type MeanReversionConfig,
  MeanReversionStrategy,
  meanReversionConfigSpec,
} from "./strategy/mean-reversion/mean-reversion-strategy.js";
import { RegimeDetector } from "./strategy/regime-detector.js";
import type { Strategy } from "./strategy/strategy.js";
import {
  type TrendMomentumConfig,
  TrendMomentumStrategy,
  trendMomentumConfigSpec,
} from "./strategy/trend-momentum/trend-momentum-strategy.js";
import { switchboard } from "./switchboard.js";
import type { BotState, Lifecycle, MarketSource } from "./types.js";

/** Strategies the bot can run. */
export type StrategyName = "trend_momentum" | "mean_reversion";

/** Everything the bot is configured by; each field has a default ({@link defaultBotConfig}). */
export interface BotConfig {
  /** Seed of every random stream (market, latencies, faults). Default 42. */
  readonly seed: number;
  /** Market data source. Default "sim". */
  readonly market: MarketSource;
  /** Symbols to trade; default the simulated market's four, or the ccxt defaults. */
  readonly symbols: readonly string[] | undefined;
  /** CSV file for `market: "csv"`. */
  readonly csvPath: string | undefined;
  /** ccxt exchange id for `market: "ccxt"`. Default "binance". */
  readonly ccxtExchange: string;
  /** ccxt timeframe for `market: "ccxt"`. Default "1m". */
  readonly timeframe: string;
  /** Simulated bar duration. Default 60 s. */
  readonly barSeconds: number;
  /** Wall-clock milliseconds between cycles when running; 0 runs as fast as possible. Default 200. */
  readonly cycleIntervalMs: number;
  /** Starting cash. Default 100 000. */
  readonly initialCash: number;
  /** Strategies to run. Default both. */
  readonly strategies: readonly StrategyName[];
  /** Fault rates of the paper exchange, per API call. Default none. */
  readonly faults: Partial<FaultRates>;
  readonly simulated: Partial<SimulatedMarketConfig>;
  readonly exchange: Partial<PaperExchangeConfig>;
  readonly risk: Partial<RiskConfig>;
  readonly breakers: Partial<CircuitBreakerConfig>;
  readonly killSwitch: Partial<KillSwitchConfig>;
  readonly rateLimiter: Partial<RateLimiterConfig>;
  readonly engine: Partial<TradingEngineConfig>;
  readonly trendMomentum: Partial<TrendMomentumConfig>;
  readonly meanReversion: Partial<MeanReversionConfig>;
}

/** The defaults of {@link BotConfig}. */
export const defaultBotConfig: BotConfig = Object.freeze({
  seed: 42,
  market: "sim",
  symbols: undefined,
  csvPath: undefined,
  ccxtExchange: "binance",
  timeframe: "1m",
  barSeconds: 60,
  cycleIntervalMs: 200,
  initialCash: 100_000,
  strategies: Object.freeze(["trend_momentum", "mean_reversion"]) as readonly StrategyName[],
  faults: Object.freeze({}),
  simulated: Object.freeze({}),
  exchange: Object.freeze({}),
  risk: Object.freeze({}),
  breakers: Object.freeze({}),
  killSwitch: Object.freeze({}),
  rateLimiter: Object.freeze({}),
  engine: Object.freeze({}),
  trendMomentum: Object.freeze({}),
  meanReversion: Object.freeze({}),
});

const timeframeSeconds: Readonly<Record<string, number>> = Object.freeze({
  "1s": 1,
  "1m": 60,
  "5m": 300,
  "15m": 900,
  "1h": 3600,
  "4h": 14_400,
  "1d": 86_400,
});

/**
 * The rules of the whole {@link BotConfig} tree: each component's section by its own spec,
 * so one {@link ConfigError} lists every violation under its dotted key (`risk.maxOpenPositions`).
 */
export const botConfigSpec: ConfigSpec<BotConfig> = Object.freeze({
  schema: {
    seed: numberField({ integer: true }),
    market: oneOfField(["sim", "csv", "ccxt"]),
    symbols: listField(textField, { nonEmpty: true }),
    csvPath: textField,
    ccxtExchange: textField,
    timeframe: oneOfField(Object.keys(timeframeSeconds)),
    barSeconds: numberField({ above: 0 }),
    cycleIntervalMs: numberField({ min: 0 }),
    initialCash: numberField({ above: 0 }),
    strategies: listField(oneOfField(["trend_momentum", "mean_reversion"])),
    faults: sectionField(faultRatesSpec),
    simulated: sectionField(simulatedMarketConfigSpec),
    exchange: sectionField(paperExchangeConfigSpec),
    risk: sectionField(riskConfigSpec),
    breakers: sectionField(circuitBreakerConfigSpec),
    killSwitch: sectionField(killSwitchConfigSpec),
    rateLimiter: sectionField(rateLimiterConfigSpec),
    engine: sectionField(tradingEngineConfigSpec),
    trendMomentum: sectionField(trendMomentumConfigSpec),
    meanReversion: sectionField(meanReversionConfigSpec),
  },
  defaults: defaultBotConfig,
});

/** Options that replace parts of the assembly (tests and backtests). */
export interface CreateBotOptions {
  /** Use this market instead of the one `config.market` names. */
  readonly market?: MarketDataSource | undefined;
  /** Use this bus (so subscribers can attach before the first event). */
  readonly bus?: MessageBus | undefined;
  /**
   * Operational time (docs/TIME.md). Default the wall clock: cycle times, staleness,
   * latencies, breaker cooldowns and outages are real seconds whatever `--speed` is.
   * `"market"` runs operational time on the market's bar times (a {@link SimulatedClock}
   * moved to each batch), as backtests do, so that the same seed gives the same run.
   */
  readonly clock?: Clock | "market" | undefined;
  /** Where the strategies get their shared features (default: computed directly, no cache). */
  readonly featureCache?: FeatureCache | undefined;
  /** Asked before each buy is sized, e.g. a SentimentGate; default none. */
  readonly entryGate?: EntryGate | undefined;
}

/**
 * The assembled bot: the bus and the components on it, and the loop that runs cycles.
 * Components reach each other only through the bus and read-only views.
 */
export class Bot implements Lifecycle {
  readonly config: BotConfig;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly market: MarketDataSource;
  readonly exchange: PaperExchange;
  readonly portfolio: Portfolio;
  readonly breakers: CircuitBreakers;
  readonly killSwitch: KillSwitch;
  readonly risk: RiskEngine;
  readonly regimes: RegimeDetector;
  readonly engine: TradingEngine;
  #state: BotState = "stopped";
  #loop: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #wake: (() => void) | undefined;
  #exhausted = false;
  readonly #telemetry: CycleTelemetry[] = [];

  /** @internal Use {@link createBot}. */
  constructor(
    config: BotConfig,
    market: MarketDataSource,
    clock: Clock,
    bus: MessageBus,
    featureCache: FeatureCache = directFeatureCache,
    entryGate?: EntryGate,
  ) {
    this.config = config;
    this.bus = bus;
    this.clock = clock;
    this.market = market;
    this.exchange = new PaperExchange(clock, {
      initialCash: config.initialCash,
      seed: config.seed,
      ...config.exchange,
      faults: {
        ...config.exchange.faults,
        rates: { ...config.exchange.faults?.rates, ...config.faults },
      },
    });
    this.portfolio = new Portfolio(bus, {
      initialCash: config.initialCash,
      ...(config.risk.dustThreshold === undefined
        ? {}
        : { dustThreshold: config.risk.dustThreshold }),
    });
    this.breakers = new CircuitBreakers(bus, config.breakers);
    this.killSwitch = new KillSwitch(bus, config.killSwitch);
    this.risk = new RiskEngine(
      bus,
      this.portfolio,
      clock,
      this.breakers,
      this.killSwitch,
      config.risk,
    );
    this.regimes = new RegimeDetector(bus, { barSeconds: market.barSeconds });
    const strategies: Strategy[] = config.strategies.map((name) =>
      name === "trend_momentum"
        ? new TrendMomentumStrategy(config.trendMomentum, featureCache)
        : new MeanReversionStrategy(config.meanReversion, featureCache),
    );
    this.engine = new TradingEngine(
      {
        bus,
        clock,
        market,
        strategies,
        exchange: this.exchange,
        rateLimiter: new RateLimiter(clock, config.rateLimiter),
        portfolio: this.portfolio,
        risk: this.risk,
        entryGate,
      },
      {
        // A replay paced by the wall clock delivers a bar every cycle interval.
        ...(market.realTime !== true &&
        !(clock instanceof SimulatedClock) &&
        config.cycleIntervalMs > 0
          ? { barIntervalMs: config.cycleIntervalMs }
          : {}),
        ...config.engine,
      },
    );
  }

  /** The read-only portfolio. */
  get portfolioView(): PortfolioView {
    return this.portfolio;
  }

  /** Lifecycle state. */
  get state(): BotState {
    return this.#state;
  }

  /** Whether the bot completed a cycle and is running (what /ready reports). */
  get ready(): boolean {
    return this.#state === "running" && this.engine.cycles > 0;
  }

  /** Whether the market ran out of data (CSV replay). */
  get exhausted(): boolean {
    return this.#exhausted;
  }

  /** Subscribes the components to the bus, without running cycles. */
  start(): void {
    if (this.#state === "running" || this.#state === "starting") return;
    this.#setState("starting");
    this.breakers.start();
    this.regimes.start();
    this.engine.start();
    this.#setState("running");
  }

  stop(): void {
    if (this.#state === "stopped") return;
    this.#setState("stopping");
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#wake?.();
    this.engine.stop();
    this.regimes.stop();
    this.breakers.stop();
    this.#setState("stopped");
  }

  reset(): void {
    this.engine.reset();
    this.breakers.reset();
    this.killSwitch.reset();
    this.regimes.reset();
    this.#exhausted = false;
  }

  dispose(): void {
    this.stop();
    this.engine.dispose();
    this.regimes.dispose();
    this.breakers.dispose();
  }

  /** Runs one cycle now. */
  async runCycle(): Promise<CycleCompleted | undefined> {
    const event = await this.engine.runCycle();
    if (event === undefined) this.#exhausted = true;
    return event;
  }

  /** Starts (if needed) and runs cycles every `cycleIntervalMs` until stopped or the market ends. */
  run(): Promise<void> {
    this.start();
    this.#loop ??= this.#runLoop().finally(() => {
      this.#loop = undefined;
    });
    return this.#loop;
  }

  /** Stops the loop and resolves once the cycle in progress has finished. */
  async shutdown(): Promise<void> {
    const loop = this.#loop;
    this.stop();
    await loop;
  }

  /**
   * Adds a telemetry port that the engine and the risk engine report every cycle's measurements
   * to (with several, each gets every call). Returns a function that removes it.
   */
  addTelemetry(telemetry: CycleTelemetry): () => void {
    this.#telemetry.push(telemetry);
    this.engine.useTelemetry(fanOutCycleTelemetry(this.#telemetry));
    return () => {
      const index = this.#telemetry.indexOf(telemetry);
      if (index < 0) return;
      this.#telemetry.splice(index, 1);
      this.engine.useTelemetry(fanOutCycleTelemetry(this.#telemetry));
    };
  }

  /** Turns the HTTP kill switch on or off. */
  setKillSwitch(active: boolean, reason: string): void {
    this.killSwitch.set("http", active, reason, this.clock.now());
  }

  async #runLoop(): Promise<void> {
    while (this.#state === "running") {
      const started = Date.now();
      const event = await this.runCycle();
      if (event === undefined) break;
      const wait = this.config.cycleIntervalMs - (Date.now() - started);
      if (this.#state !== "running") break;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        this.#timer = setTimeout(resolve, Math.max(wait, 0));
      });
      this.#wake = undefined;
    }
  }

  #setState(state: BotState): void {
    this.#state = state;
    this.bus.publish(switchboard.state, {
      type: "BotStateChanged",
      timestamp: this.clock.now(),
      state,
    });
  }
}

/**
 * Builds a bot from `config` merged over the defaults (frozen), after checking the whole tree
 * against {@link botConfigSpec}: one {@link ConfigError} lists every violation. The market is the
 * simulated one, a CSV replay or ccxt's public data, as `config.market` says; ccxt is only
 * loaded for `market: "ccxt"`.
 *
 * @example
 * const bot = await createBot({ seed: 7, faults: { rateLimit: 0.05 } });
 * bot.bus.subscribe(switchboard.allOrders, (event) => console.log(event.type));
 * void bot.run();
 */
export async function createBot(
  config: Partial<BotConfig> = {},
  options: CreateBotOptions = {},
): Promise<Bot> {
  const resolved: BotConfig = resolveConfig(botConfigSpec, config, "");
  let market = options.market;
  let clock: Clock;
  if (market === undefined) {
    switch (resolved.market) {
      case "sim":
        market = new SimulatedMarket({
          seed: resolved.seed,
          barSeconds: resolved.barSeconds,
          ...(resolved.symbols === undefined ? {} : { symbols: resolved.symbols }),
          ...resolved.simulated,
        });
        break;
      case "csv":
        if (resolved.csvPath === undefined) {
          throw new ConfigError(
            "csvPath",
            'Invalid config "csvPath": was undefined, must name a CSV file when market is "csv"',
          );
        }
        market = await CsvReplay.open({ path: resolved.csvPath });
        break;
      case "ccxt": {
        const barSeconds = timeframeSeconds[resolved.timeframe];
        if (barSeconds === undefined) {
          throw new TradewatchError(
            "ERR_INVALID_CONFIG",
            `Invalid timeframe "${resolved.timeframe}": must be one of ${Object.keys(timeframeSeconds).join(", ")}`,
          );
        }
        market = new CcxtMarketData(await createCcxtExchange(resolved.ccxtExchange), {
          ...(resolved.symbols === undefined ? {} : { symbols: resolved.symbols }),
          timeframe: resolved.timeframe,
          barSeconds,
        });
        break;
      }
      default:
        throw new TradewatchError(
          "ERR_INVALID_CONFIG",
          `Invalid market source "${String(resolved.market)}": must be sim, csv or ccxt`,
        );
    }
  }
  if (options.clock === "market") {
    const start = market instanceof SimulatedMarket ? market.config.startTime : 0;
    clock = new SimulatedClock(start);
  } else clock = options.clock ?? systemClock;
  return new Bot(
    resolved,
    market,
    clock,
    options.bus ?? new MessageBus(),
    options.featureCache,
    options.entryGate,
  );
}

/** What {@link startBot} returns: the bus, the read-only portfolio, the bot, and stop. */
export interface RunningBot {
  readonly bus: MessageBus;
  readonly portfolioView: PortfolioView;
  readonly bot: Bot;
  /** Stops the loop; resolves once the cycle in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Creates a bot and runs its loop in the background. Subscribe to `bus` for events; mount
 * routes on your own server (the run command mounts `/kill-switch` and the dashboard).
 *
 * @example
 * const { bus, portfolioView, stop } = await startBot({ cycleIntervalMs: 100 });
 * bus.subscribe(switchboard.portfolio, (event) => console.log(event.nav));
 * await stop();
 */
export async function startBot(
  config: Partial<BotConfig> = {},
  options: CreateBotOptions & { readonly beforeStart?: ((bot: Bot) => void) | undefined } = {},
): Promise<RunningBot> {
  const bot = await createBot(config, options);
  options.beforeStart?.(bot);
  const loop = bot.run();
  return {
    bus: bot.bus,
    portfolioView: bot.portfolioView,
    bot,
    async stop() {
      await bot.shutdown();
      await loop;
    },
  };
}
