/** @module `tradewatch run`'s sentiment: two seeded simulated providers, each wrapped with instrumentProvider, aggregated into a gate on buy entries, recorded through the SentimentRecorder. */
import type { Bot } from "../../bot/bot.js";
import { SentimentAggregator } from "../../bot/sentiment/sentiment-aggregator.js";
import { SentimentGate, type SentimentObserver } from "../../bot/sentiment/sentiment-gate.js";
import type { SentimentProvider, SentimentScore } from "../../bot/sentiment/sentiment-provider.js";
import {
  type SimulatedSentimentConfig,
  SimulatedSentimentProvider,
} from "../../bot/sentiment/simulated/simulated-sentiment-provider.js";
import { instrumentProvider } from "../../instrument/integrations/provider/instrument-provider.js";
import { SentimentRecorder } from "../../instrument/integrations/sentiment/sentiment-recorder.js";
import type { TradingRecorder } from "../../recorder/index.js";

/** The help lines of the sentiment flag. */
export const sentimentHelp = `Sentiment (on by default)
  --no-sentiment            no sentiment gate: by default two seeded simulated providers
                            (news_api, weight 0.6; reddit, 0.4) score each bar's symbol, and a
                            buy is skipped while the weighted aggregate is below -0.3 (the
                            cycle's no-trade reason is then risk_blocked); their requests,
                            errors, rate limits, cache and data age are in provider_*, the
                            aggregates in sentiment_*`;

/** The providers: the news scores follow the trend more and change less often. */
const providers: readonly (Omit<SimulatedSentimentConfig, "seed"> & { readonly weight: number })[] =
  [
    {
      name: "news_api",
      weight: 0.6,
      trendWeight: 0.7,
      cacheSeconds: 300,
      errorRate: 0.02,
      rateLimitRate: 0.01,
    },
    {
      name: "reddit",
      weight: 0.4,
      trendWeight: 0.4,
      cacheSeconds: 120,
      errorRate: 0.03,
      rateLimitRate: 0.02,
    },
  ];

/**
 * The reference bot's sentiment, made before the bot (whose engine holds the gate) and
 * attached to the bot's clock and recorder once they exist; before that (a restart's replay)
 * the providers answer unrecorded.
 */
export class RunSentiment {
  readonly gate: SentimentGate;
  #recorder: TradingRecorder | undefined;
  #sentiment: SentimentRecorder | undefined;
  #now: () => number = Date.now;

  constructor(seed: number) {
    const observer: SentimentObserver = {
      aggregated: (result, seconds) => {
        const recorder = this.#recorder;
        const sentiment = this.#sentiment;
        if (recorder === undefined || sentiment === undefined) return;
        recorder.observe("sentiment_calculation_duration", seconds);
        if (result.aggregate !== undefined) {
          sentiment.recordAggregation(result.symbol, result.aggregate, result.readings);
        }
        if (result.divergent) sentiment.recordDivergence(result.symbol);
      },
    };
    let gate: SentimentGate | undefined;
    const trend = (symbol: string) => gate?.trend(symbol) ?? 0;
    const aggregator = new SentimentAggregator(
      providers.map(({ weight, ...config }) => ({
        provider: this.#instrumented(
          new SimulatedSentimentProvider({ ...config, seed }, trend, () => this.#now()),
        ),
        weight,
      })),
    );
    gate = new SentimentGate(aggregator, observer);
    this.gate = gate;
  }

  /** From now on the providers' calls and the aggregations are recorded, on the bot's clock. */
  attach(bot: Bot, recorder: TradingRecorder): void {
    this.#now = () => bot.clock.now();
    this.#recorder = recorder;
    this.#sentiment = new SentimentRecorder(recorder);
  }

  /** `provider` with each call recorded through instrumentProvider once a recorder is attached. */
  #instrumented(provider: SentimentProvider): SentimentProvider {
    let recorded: SentimentProvider["score"] | undefined;
    let recordedFor: TradingRecorder | undefined;
    const plain = (symbol: string, barTimeSeconds: number) =>
      provider.score(symbol, barTimeSeconds);
    return {
      name: provider.name,
      score: (symbol, barTimeSeconds) => {
        const recorder = this.#recorder;
        if (recorder === undefined) return plain(symbol, barTimeSeconds);
        if (recordedFor !== recorder) {
          recordedFor = recorder;
          recorded = instrumentProvider(provider.name, plain, recorder, {
            dataTime: (score: SentimentScore) => score.asOf,
            cacheHit: (score: SentimentScore) => score.cached,
            now: () => this.#now(),
          });
        }
        return recorded!(symbol, barTimeSeconds);
      },
    };
  }
}
