/** @module The sentiment entry gate: the engine waits for each bar's aggregate sentiment, and buys only where it is not below a floor. */
import type { Bar } from "../types.js";
import type { SentimentAggregate, SentimentAggregator } from "./sentiment-aggregator.js";

/**
 * What the engine asks before it sizes an entry: `prepare` once per cycle with the cycle's
 * bars (the engine awaits it, so every decision of the cycle sees the same, complete inputs and
 * a seeded run stays reproducible), then `allowsBuy` per buy signal.
 */
export interface EntryGate {
  prepare(bars: readonly Bar[]): Promise<void>;
  allowsBuy(symbol: string): boolean;
}

/** Where each aggregation is reported (the bot imports no metrics code: `tradewatch run` records it). */
export interface SentimentObserver {
  /** One symbol's aggregation, and the seconds it took (the providers' answers included). */
  aggregated(result: SentimentAggregate, seconds: number): void;
}

/** Settings of {@link SentimentGate}. */
export interface SentimentGateConfig {
  /** A buy entry is skipped while the symbol's aggregate sentiment is below this (-1..1). Default -0.3. */
  readonly floor: number;
  /** Bars of closes the trend is measured over. Default 20. */
  readonly trendBars: number;
}

const defaults: SentimentGateConfig = { floor: -0.3, trendBars: 20 };

/**
 * Gates buy entries on aggregate sentiment: for each bar of a cycle it aggregates the
 * providers' scores for the bar's symbol and time, and a buy of a symbol whose aggregate is
 * below the floor is skipped. A symbol no provider answered for is not gated. It also keeps
 * each symbol's recent closes, whose return over `trendBars` is the trend a simulated provider
 * follows ({@link SentimentGate.trend}).
 */
export class SentimentGate implements EntryGate {
  readonly config: SentimentGateConfig;
  readonly #aggregator: SentimentAggregator;
  readonly #observer: SentimentObserver | undefined;
  readonly #latest = new Map<string, number | undefined>();
  readonly #closes = new Map<string, number[]>();

  constructor(
    aggregator: SentimentAggregator,
    observer?: SentimentObserver,
    config: Partial<SentimentGateConfig> = {},
  ) {
    this.config = Object.freeze({ ...defaults, ...config });
    this.#aggregator = aggregator;
    this.#observer = observer;
  }

  async prepare(bars: readonly Bar[]): Promise<void> {
    for (const bar of bars) {
      let closes = this.#closes.get(bar.symbol);
      if (closes === undefined) this.#closes.set(bar.symbol, (closes = []));
      closes.push(bar.close);
      if (closes.length > this.config.trendBars + 1) closes.shift();
    }
    await Promise.all(
      bars.map(async (bar) => {
        const started = performance.now();
        const result = await this.#aggregator.aggregate(bar.symbol, bar.timestamp / 1000);
        this.#latest.set(bar.symbol, result.aggregate);
        this.#observer?.aggregated(result, (performance.now() - started) / 1000);
      }),
    );
  }

  allowsBuy(symbol: string): boolean {
    const aggregate = this.#latest.get(symbol);
    return aggregate === undefined || aggregate >= this.config.floor;
  }

  /**
   * The symbol's trend over its last `trendBars` closes, -1..1: the sum of its log returns over
   * their standard deviation times the square root of their count (a t-statistic), halved and
   * clamped; 0 before three closes or on a flat window.
   */
  trend(symbol: string): number {
    const closes = this.#closes.get(symbol);
    if (closes === undefined || closes.length < 3) return 0;
    let sum = 0;
    let squares = 0;
    const count = closes.length - 1;
    for (let index = 1; index < closes.length; index++) {
      const change = Math.log(closes[index]! / closes[index - 1]!);
      sum += change;
      squares += change * change;
    }
    const variance = squares / count - (sum / count) ** 2;
    if (!(variance > 0)) return 0;
    return Math.max(-1, Math.min(1, sum / (Math.sqrt(variance) * Math.sqrt(count)) / 2));
  }
}
