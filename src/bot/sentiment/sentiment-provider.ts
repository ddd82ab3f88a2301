/** @module The sentiment-provider port: a source's score for a symbol at a bar time. */

/** One provider's answer: a score in [-1, 1], when it was produced, whether it came from its cache. */
export interface SentimentScore {
  readonly score: number;
  /** Operational time the score was produced, epoch milliseconds. */
  readonly asOf: number;
  readonly cached: boolean;
}

/** A sentiment source the bot holds; it may reject (errors, rate limits). */
export interface SentimentProvider {
  readonly name: string;
  score(symbol: string, barTimeSeconds: number): Promise<SentimentScore>;
}
