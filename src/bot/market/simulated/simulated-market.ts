/** @module A seeded simulated market: regimes of drift and volatility, crashes, gaps, stale feeds, bad prints, order flow and corrupted ticks. */
import {
  booleanField,
  listField,
  mapField,
  numberField,
  probabilityField,
  textField,
} from "../../../config/config-fields.js";
import { type ConfigSpec, resolveConfig, sectionField } from "../../../config/config-schema.js";
import { SeededRandom } from "../../random.js";
import type { Bar, Regime } from "../../types.js";
import type { MarketBatch, MarketDataSource, Tick } from "../market-data-source.js";

/** Simulated market settings. Rates are probabilities per bar (per symbol unless noted). */
export interface SimulatedMarketConfig {
  readonly symbols: readonly string[];
  /** Starting price per symbol; symbols without one start at 100. */
  readonly initialPrices: Readonly<Record<string, number>>;
  readonly seed: number;
  /** Bar duration. Default 60 s. */
  readonly barSeconds: number;
  /** Ticks that make up each bar. Default 4. */
  readonly ticksPerBar: number;
  /** Time of the first bar's open. Default 2024-01-01T00:00:00Z. */
  readonly startTime: number;
  /** Annualised volatility per regime. Default calm 0.3, normal 0.6, storm 1.5. */
  readonly volatility: Readonly<Record<Regime, number>>;
  /** Largest absolute annualised drift a symbol's trend takes. Default 3. */
  readonly maxDrift: number;
  /** Chance per bar that a symbol's trend changes. Default 0.01. */
  readonly trendChangeRate: number;
  /** Market-wide regime transition chance per bar, away from the current regime. Default 0.01. */
  readonly regimeChangeRate: number;
  /** Chance per bar of a crash starting on a symbol. Default 0.0005. */
  readonly crashRate: number;
  /** Total fall of a crash, spread over 3 bars. Default 10 %. */
  readonly crashDepthPct: number;
  /** Chance per bar that a bar opens away from the previous close. Default 0.0005. */
  readonly gapRate: number;
  /** Chance per bar that a symbol's feed goes silent. Default 0.001. */
  readonly staleRate: number;
  /** Bars a silent feed stays silent. Default 8. */
  readonly staleBars: number;
  /** Chance per bar of a malformed print (high below low). Default 0.0005. */
  readonly badBarRate: number;
  /** Typical traded notional per bar, in quote currency. Default 2 000 000. */
  readonly notionalPerBar: number;
  /**
   * Whether ticks carry their signed traded volume (order flow: positive when a buyer lifted the
   * offer), drawn from the market's own data stream. Default false.
   */
  readonly signedVolumes: boolean;
  /**
   * Chance per tick that the exchange stamps it with a drifted clock, `clockDriftSeconds` ahead
   * or behind. Drawn from the market's own data stream: the bars and prices stay the same.
   * Default 0.
   */
  readonly clockDriftRate: number;
  /** How far a drifted tick's timestamp is off, in seconds. Default 120 (two 1m bars). */
  readonly clockDriftSeconds: number;
  /**
   * Chance per tick of a malformed message: a price that is not a number or a symbol the
   * market does not list. From the market's own data stream. Default 0.
   */
  readonly malformedTickRate: number;
}

/** Default simulated market settings. */
export const defaultSimulatedMarketConfig: SimulatedMarketConfig = Object.freeze({
  symbols: Object.freeze(["BTC/USD", "ETH/USD", "SOL/USD", "ADA/USD"]),
  initialPrices: Object.freeze({
    "BTC/USD": 42_000,
    "ETH/USD": 2_300,
    "SOL/USD": 100,
    "ADA/USD": 0.6,
  }),
  seed: 42,
  barSeconds: 60,
  ticksPerBar: 4,
  startTime: Date.UTC(2024, 0, 1),
  volatility: Object.freeze({ calm: 0.3, normal: 0.6, storm: 1.5 }),
  maxDrift: 3,
  trendChangeRate: 0.01,
  regimeChangeRate: 0.01,
  crashRate: 0.0005,
  crashDepthPct: 10,
  gapRate: 0.0005,
  staleRate: 0.001,
  staleBars: 8,
  badBarRate: 0.0005,
  notionalPerBar: 2_000_000,
  signedVolumes: false,
  clockDriftRate: 0,
  clockDriftSeconds: 120,
  malformedTickRate: 0,
});

/** The rules of {@link SimulatedMarketConfig}, checked at construction. */
export const simulatedMarketConfigSpec: ConfigSpec<SimulatedMarketConfig> = Object.freeze({
  schema: {
    symbols: listField(textField, { nonEmpty: true }),
    initialPrices: mapField(numberField({ above: 0 })),
    seed: numberField({ integer: true }),
    barSeconds: numberField({ above: 0 }),
    ticksPerBar: numberField({ min: 1, integer: true }),
    startTime: numberField({ min: 0 }),
    volatility: sectionField<Readonly<Record<Regime, number>>>({
      schema: {
        calm: numberField({ min: 0 }),
        normal: numberField({ min: 0 }),
        storm: numberField({ min: 0 }),
      },
      defaults: defaultSimulatedMarketConfig.volatility,
    }),
    maxDrift: numberField({ min: 0 }),
    trendChangeRate: probabilityField,
    regimeChangeRate: probabilityField,
    crashRate: probabilityField,
    crashDepthPct: numberField({ min: 0, max: 100 }),
    gapRate: probabilityField,
    staleRate: probabilityField,
    staleBars: numberField({ min: 1, integer: true }),
    badBarRate: probabilityField,
    notionalPerBar: numberField({ above: 0 }),
    signedVolumes: booleanField,
    clockDriftRate: probabilityField,
    clockDriftSeconds: numberField({ above: 0 }),
    malformedTickRate: probabilityField,
  },
  defaults: defaultSimulatedMarketConfig,
});

const secondsPerYear = 365 * 86_400;

interface SymbolState {
  readonly symbol: string;
  price: number;
  drift: number;
  crashBarsLeft: number;
  staleBarsLeft: number;
}

/**
 * Generates bars for several symbols from one seed: a market-wide regime (calm, normal,
 * storm) sets volatility, each symbol follows a trend that changes now and then, returns
 * share a market factor, and crashes, gaps, silent feeds and malformed prints happen at
 * configured rates. The same config always produces the same bars. Ticks can carry signed
 * volumes (order flow), and arrive clock-drifted or malformed at configured rates; those come
 * from a second stream of the seed (`market-data`), so turning them on changes no bar.
 *
 * @example
 * const market = new SimulatedMarket({ seed: 7, symbols: ["BTC/USD"] });
 * const batch = await market.next(); // one bar per symbol, closing at startTime + 60 s
 */
export class SimulatedMarket implements MarketDataSource {
  readonly source = "sim" as const;
  readonly config: SimulatedMarketConfig;
  readonly symbols: readonly string[];
  readonly barSeconds: number;
  #random!: SeededRandom;
  #dataRandom!: SeededRandom;
  #states: SymbolState[] = [];
  #regime: Regime = "normal";
  #bar = 0;

  constructor(config: Partial<SimulatedMarketConfig> = {}) {
    this.config = resolveConfig(simulatedMarketConfigSpec, config, "simulated");
    this.symbols = Object.freeze([...this.config.symbols]);
    this.barSeconds = this.config.barSeconds;
    this.reset();
  }

  start(): void {}

  stop(): void {}

  reset(): void {
    this.#random = new SeededRandom(this.config.seed).fork("market");
    this.#dataRandom = new SeededRandom(this.config.seed).fork("market-data");
    this.#regime = "normal";
    this.#bar = 0;
    this.#states = this.symbols.map((symbol) => ({
      symbol,
      price: this.config.initialPrices[symbol] ?? 100,
      drift: 0,
      crashBarsLeft: 0,
      staleBarsLeft: 0,
    }));
  }

  dispose(): void {}

  /** The market-wide regime the generator is in. */
  get regime(): Regime {
    return this.#regime;
  }

  async next(): Promise<MarketBatch> {
    return this.step();
  }

  /** Generates the next batch synchronously. */
  step(): MarketBatch {
    const config = this.config;
    const random = this.#random;
    this.#advanceRegime();
    const open = config.startTime + this.#bar * config.barSeconds * 1000;
    const close = open + config.barSeconds * 1000;
    this.#bar++;
    const ticksPerBar = config.ticksPerBar;
    const dt = config.barSeconds / secondsPerYear / ticksPerBar;
    const sigma = config.volatility[this.#regime];
    const market: number[] = [];
    for (let tick = 0; tick < ticksPerBar; tick++) market.push(random.normal());
    const bars: Bar[] = [];
    const ticks: Tick[] = [];
    /** Each tick's log return, for the sign of its order flow. */
    const tickReturns: number[] = [];
    for (const state of this.#states) {
      if (random.chance(config.trendChangeRate))
        state.drift = random.between(-config.maxDrift, config.maxDrift);
      if (state.crashBarsLeft === 0 && random.chance(config.crashRate)) {
        state.crashBarsLeft = 3;
        this.#regime = "storm";
      }
      let price = state.price;
      if (random.chance(config.gapRate))
        price *= 1 + (random.chance(0.5) ? 1 : -1) * random.between(0.01, 0.03);
      const openPrice = price;
      let high = price;
      let low = price;
      for (let tick = 0; tick < ticksPerBar; tick++) {
        const shock = 0.6 * market[tick]! + 0.8 * random.normal();
        let logReturn = (state.drift - (sigma * sigma) / 2) * dt + sigma * Math.sqrt(dt) * shock;
        if (state.crashBarsLeft > 0)
          logReturn += Math.log(1 - config.crashDepthPct / 100) / 3 / ticksPerBar;
        price *= Math.exp(logReturn);
        if (price > high) high = price;
        if (price < low) low = price;
        tickReturns.push(logReturn);
        ticks.push({
          symbol: state.symbol,
          timestamp: open + ((tick + 1) * config.barSeconds * 1000) / ticksPerBar,
          price,
        });
      }
      if (state.crashBarsLeft > 0) state.crashBarsLeft--;
      state.price = price;
      const volume = (config.notionalPerBar / price) * Math.exp(0.4 * random.normal());
      if (state.staleBarsLeft > 0) {
        state.staleBarsLeft--;
        continue;
      }
      if (random.chance(config.staleRate)) {
        state.staleBarsLeft = config.staleBars;
        continue;
      }
      const malformed = random.chance(config.badBarRate);
      bars.push({
        symbol: state.symbol,
        timestamp: open,
        open: openPrice,
        high: malformed ? low : high,
        low: malformed ? high * 1.01 : low,
        close: price,
        volume,
      });
    }
    const delivered = new Set(bars.map((bar) => bar.symbol));
    const deliveredTicks: Tick[] = [];
    for (let index = 0; index < ticks.length; index++) {
      const tick = ticks[index]!;
      if (delivered.has(tick.symbol)) deliveredTicks.push(this.#wire(tick, tickReturns[index]!));
    }
    return { timestamp: close, bars, ticks: deliveredTicks };
  }

  /**
   * Returns the tick as the wire delivers it: with its signed volume, and now and then with a
   * drifted timestamp or malformed. Draws only from the data stream, and none when all is off.
   */
  #wire(tick: Tick, logReturn: number): Tick {
    const config = this.config;
    if (!config.signedVolumes && config.clockDriftRate === 0 && config.malformedTickRate === 0)
      return tick;
    const random = this.#dataRandom;
    let wired: Tick = tick;
    if (config.signedVolumes) {
      // Most volume trades in the direction the price moved (the tick rule), the rest against it.
      const withMove = random.chance(0.7);
      const side = logReturn >= 0 === withMove ? 1 : -1;
      const size =
        (config.notionalPerBar / config.ticksPerBar / tick.price) * Math.exp(random.normal());
      wired = { ...tick, volume: side * size };
    }
    if (random.chance(config.clockDriftRate)) {
      const drift = (random.chance(0.5) ? 1 : -1) * config.clockDriftSeconds * 1000;
      wired = { ...wired, timestamp: wired.timestamp + drift };
    }
    if (random.chance(config.malformedTickRate)) {
      wired = random.chance(0.5)
        ? { ...wired, price: Number.NaN }
        : { ...wired, symbol: `${wired.symbol.replace("/", "")}-PERP` };
    }
    return wired;
  }

  #advanceRegime(): void {
    const random = this.#random;
    if (!random.chance(this.config.regimeChangeRate)) return;
    if (this.#regime === "normal") this.#regime = random.chance(0.6) ? "calm" : "storm";
    else this.#regime = "normal";
  }
}
