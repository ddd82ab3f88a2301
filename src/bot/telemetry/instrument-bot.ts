/** @module Instruments a reference bot in one call: domain events from the bus, per-cycle numbers from the telemetry port. */
import type { TradingRecorder } from "../../recorder/index.js";
import type { Bot } from "../bot.js";
import type { Lifecycle } from "../types.js";
import { MetricsSubscriber, type MetricsSubscriberConfig } from "./metrics-subscriber.js";

/** What {@link instrumentBot} returns. */
export interface BotInstrumentation extends Pick<Lifecycle, "start" | "stop"> {
  /** Writes the gauges held since the last flush. */
  flush(): void;
}

/**
 * Records everything `bot` does through `recorder`. Call `start()` before the bot runs and
 * `stop()` after (it flushes).
 *
 * @example
 * const instrumentation = instrumentBot(bot, createBotRecorder({ registry, symbols: bot.market.symbols, constLabels: {} }));
 * instrumentation.start();
 */
export function instrumentBot(
  bot: Bot,
  recorder: TradingRecorder,
  config: Partial<MetricsSubscriberConfig> = {},
): BotInstrumentation {
  const subscriber = new MetricsSubscriber(bot.bus, recorder, config);
  return {
    start: () => subscriber.start(),
    stop: () => subscriber.stop(),
    flush: () => subscriber.flush(),
  };
}
