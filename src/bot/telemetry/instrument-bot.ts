/** @module Instruments a reference bot in one call: domain events from the bus, per-cycle numbers from the telemetry port. */
import type { TradingRecorder } from "../../recorder/index.js";
import type { Bot } from "../bot.js";
import type { Lifecycle, Plane } from "../types.js";
import { MetricsSubscriber } from "./metrics-subscriber.js";
import { RecorderCycleTelemetry } from "./recorder-cycle-telemetry.js";

/** Settings of {@link instrumentBot}. */
export interface BotInstrumentationConfig {
  /** Record only this plane (seed 003's one registry per plane); default everything. */
  readonly plane?: Plane | undefined;
  /**
   * Gauges that every cycle moves are written at most this often, at the end of a cycle
   * (0: every cycle). Default 100 ms.
   */
  readonly flushIntervalMs?: number | undefined;
}

/** What {@link instrumentBot} returns. */
export interface BotInstrumentation extends Pick<Lifecycle, "start" | "stop"> {
  /** Writes the gauges held since the last flush. */
  flush(): void;
}

/**
 * Records everything `bot` does through `recorder`: a {@link RecorderCycleTelemetry} on the
 * engine's telemetry port for the per-cycle measurements (cycles, stages, bars, feed quality,
 * strategy evaluations, signals, rule checks) and a {@link MetricsSubscriber} on the bus for the
 * domain events (orders, fills, denials, breakers, kill switches, API calls, regimes, the
 * portfolio). Call `start()` before the bot runs and `stop()` after (it flushes); between them,
 * `start()` and `stop()` may switch the instrumentation on and off.
 *
 * @example
 * const recorder = createBotRecorder({ registry, symbols: bot.market.symbols, constLabels: {} });
 * const instrumentation = instrumentBot(bot, recorder);
 * instrumentation.start();
 * await bot.run();
 * instrumentation.stop();
 */
export function instrumentBot(
  bot: Bot,
  recorder: TradingRecorder,
  config: BotInstrumentationConfig = {},
): BotInstrumentation {
  const settings = {
    plane: config.plane,
    ...(config.flushIntervalMs === undefined ? {} : { flushIntervalMs: config.flushIntervalMs }),
  };
  const subscriber = new MetricsSubscriber(bot.bus, recorder, settings);
  const telemetry = new RecorderCycleTelemetry(recorder, settings);
  let removeTelemetry: (() => void) | undefined;
  return {
    start() {
      subscriber.start();
      removeTelemetry ??= bot.addTelemetry(telemetry);
    },
    stop() {
      removeTelemetry?.();
      removeTelemetry = undefined;
      telemetry.flush();
      subscriber.stop();
    },
    flush() {
      telemetry.flush();
      subscriber.flush();
    },
  };
}
