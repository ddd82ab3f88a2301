/** @module The recorder of the reference bot: the catalog's recorder with the bot's label universes. */
import type { Registry } from "../../metrics/index.js";
import { type ConstLabels, createRecorder, type TradingRecorder } from "../../recorder/index.js";
import { defaultBotConfig } from "../bot.js";
import { exchangeEndpoints, type MarketSource, marketSources, riskChecks } from "../types.js";

/** What {@link createBotRecorder} needs. */
export interface BotRecorderOptions {
  readonly registry: Registry;
  /** The market's symbols: any other symbol is recorded as `other`. */
  readonly symbols: readonly string[];
  readonly constLabels: ConstLabels;
  /** The market sources to expect; default every source. */
  readonly sources?: readonly MarketSource[] | undefined;
  /** The AI models to expect (the AI analyst's); default the catalog's. */
  readonly models?: readonly string[] | undefined;
  /** False gives the no-op recorder. Default true. */
  readonly enabled?: boolean | undefined;
}

/**
 * Creates the recorder the reference bot's instrumentation (`instrumentBot`) writes to. Its label
 * universes are the bot's: the default strategies and `portfolio` (the strategy label of
 * portfolio-wide series), the exchange endpoints the engine calls, the market sources and
 * the risk checks. Values outside them are recorded as `other`.
 *
 * @example
 * const recorder = createBotRecorder({ registry, symbols: bot.market.symbols, constLabels: { environment: "paper" } });
 * instrumentBot(bot, recorder).start();
 */
export function createBotRecorder(options: BotRecorderOptions): TradingRecorder {
  return createRecorder({
    enabled: options.enabled,
    registry: options.registry,
    symbols: options.symbols,
    constLabels: options.constLabels,
    universes: {
      strategy: [...defaultBotConfig.strategies, "portfolio"],
      endpoint: exchangeEndpoints,
      source: options.sources ?? marketSources,
      rule: riskChecks,
      ...(options.models === undefined ? {} : { model: options.models }),
    },
  });
}
