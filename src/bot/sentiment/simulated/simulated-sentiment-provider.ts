/** @module A seeded simulated sentiment provider, correlated with the market's recent trend. */

import { SeededRandom } from "../../random.js";
import type { SentimentProvider, SentimentScore } from "../sentiment-provider.js";

/** Settings of {@link SimulatedSentimentProvider}. */
export interface SimulatedSentimentConfig {
  readonly name: string;
  readonly seed: number;
  /** How strongly the score follows the trend (0-1). */
  readonly trendWeight: number;
  /** Bar seconds a score stays cached. */
  readonly cacheSeconds: number;
  /** Chance per uncached request of an error, and of a rate limit. */
  readonly errorRate: number;
  readonly rateLimitRate: number;
}

/** A failed simulated request; `status` 429 is a rate limit. */
export class SimulatedProviderError extends Error {
  readonly status: number;
  constructor(provider: string, status: number) {
    super(`Sentiment provider "${provider}" answered HTTP ${status}`);
    this.name = status === 429 ? "RateLimitError" : "ServerError";
    this.status = status;
  }
}

/**
 * Deterministic from (seed, name, symbol, bar time) and the trend the caller reports:
 * `score = tanh(trendWeight * trend * 3 + noise)`. Scores are cached for `cacheSeconds` of bar time.
 */
export class SimulatedSentimentProvider implements SentimentProvider {
  readonly name: string;
  readonly #config: SimulatedSentimentConfig;
  readonly #trend: (symbol: string) => number;
  readonly #now: () => number;
  readonly #cache = new Map<string, { readonly until: number; readonly value: SentimentScore }>();

  constructor(
    config: SimulatedSentimentConfig,
    trend: (symbol: string) => number,
    now: () => number,
  ) {
    this.name = config.name;
    this.#config = config;
    this.#trend = trend;
    this.#now = now;
  }

  async score(symbol: string, barTimeSeconds: number): Promise<SentimentScore> {
    const cached = this.#cache.get(symbol);
    if (cached !== undefined && barTimeSeconds < cached.until) {
      return { ...cached.value, cached: true };
    }
    const random = new SeededRandom(this.#config.seed).fork(
      `${this.name}:${symbol}:${barTimeSeconds}`,
    );
    const draw = random.next();
    if (draw < this.#config.rateLimitRate) throw new SimulatedProviderError(this.name, 429);
    if (draw < this.#config.rateLimitRate + this.#config.errorRate)
      throw new SimulatedProviderError(this.name, 503);
    const trend = this.#trend(symbol);
    const score = Math.tanh(this.#config.trendWeight * trend * 3 + 0.4 * random.normal());
    const value: SentimentScore = { score, asOf: this.#now(), cached: false };
    this.#cache.set(symbol, { until: barTimeSeconds + this.#config.cacheSeconds, value });
    return value;
  }
}
